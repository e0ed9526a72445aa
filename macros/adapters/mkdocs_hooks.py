"""The adapter to MkDocs: hands MkDocs what the build makes (macros/build/outputs.py): the pages made
from the catalog, each page's finished HTML, citation, chart font and edit link, the printable
editions and the files a reader takes away. Every hook fails with one paragraph."""

from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path

from markdown.extensions.toc import slugify as default_slugify
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

# The project folder is importable, so that the hooks share the build that mkdocs-macros made.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from macros.adapters import macros_plugin  # noqa: E402
from macros.base.errors import DataError  # noqa: E402
from macros.build import calls, code_watch, outputs, search_terms, site  # noqa: E402
from macros.data.pages import Page  # noqa: E402

log = logging.getLogger("mkdocs.plugins.mems")
# The pages made from the catalog, by their name under docs/ (made in on_files).
generated: dict[str, outputs.GeneratedPage] = {}


def guarded(hook):
    """A hook whose failure is one paragraph: a DataError as it is, anything else as a fault of the
    engine (MkDocs prints a PluginError's message without a traceback)."""

    @functools.wraps(hook)
    def run(*args, **kwargs):
        try:
            return hook(*args, **kwargs)
        except DataError as error:
            raise PluginError(str(error)) from None
        except PluginError:
            raise
        except Exception as error:
            page = kwargs.get("page")
            where = f"docs/{page.file.src_uri}" if page is not None else f"the {hook.__name__} step"
            raise PluginError(calls.engine_fault(where, error)) from None

    return run


@guarded
def on_config(config):
    """Headings that quote a value get their anchor from the value's words, not from its token."""
    toc = config["mdx_configs"].setdefault("toc", {})
    slugify = toc.get("slugify") or default_slugify
    toc["slugify"] = lambda text, separator: slugify(outputs.heading_text(text, escaped=False), separator)
    return config


@guarded
def on_pre_build(config):
    """The field's words go into jieba's dictionary before Material's search plugin segments the
    pages with it, so that 长三角 and 压力传感器 are indexed whole."""
    import jieba

    notice = code_watch.restart_notice()
    if notice:
        log.info(notice)
    jieba.setLogLevel(logging.WARNING)
    for word in outputs.search_words(macros_plugin.build):
        jieba.add_word(word)


@guarded
def on_env(env, config, files):  # MkDocs keeps the environment it passed when a hook returns None
    env.bytecode_cache = site.template_cache(Path(config.config_file_path).parent)


@guarded
def on_files(files, config):
    """The pages made from the catalog join the site; every page of docs/ is in the nav."""
    build, apart = macros_plugin.build, config["not_in_nav"]
    outputs.check_nav(build, config["nav"], lambda source: bool(apart and apart.match_file(source)))
    generated.clear()
    for page in outputs.generated_pages(build):
        generated[page.source] = page
        files.append(File.generated(config, page.source, content=""))
    return files


@guarded
def on_page_markdown(markdown, page, config, files):
    made = generated.get(page.file.src_uri) if page.file.generated_by else None
    if made is not None:
        page.meta["title"] = made.title_html
    return markdown


@guarded
def on_pre_page(page, config, files):
    # extra.repo, not repo_url: with repo_url Material's script asks GitHub's API for repository facts.
    page.edit_url = outputs.edit_url(macros_plugin.build, page.file.src_uri)
    return page


@guarded
def on_page_content(html, page, config, files):
    build = macros_plugin.build
    made = generated.get(page.file.src_uri) if page.file.generated_by else None
    if made is not None:
        html, title = made.html, made.title
    else:
        for item in page.toc.items:
            plain_toc(item)
        html, title = outputs.finish_page(build, Page(page.file.src_uri), html), page.title or ""
    section = page.parent.title if page.parent and not page.is_index else ""
    head = outputs.page_head_of(build, Page(page.file.src_uri), title, html, section, page.is_homepage)
    # overrides/main.html prints the head; Material prints the description, unescaped.
    page.meta["head"] = head
    page.meta["description"] = head.description
    return html


def plain_toc(item) -> None:
    item.title = outputs.heading_text(item.title)
    for child in item.children:
        plain_toc(child)


@event_priority(100)
@guarded
def on_page_context(context, page, config, nav):
    """The printable edition: every page has been rendered by now, and this runs before the search
    plugin reads the page."""
    rendered = {p.file.src_uri: p.content for p in nav.pages}
    page.content = outputs.print_page(macros_plugin.build, Page(page.file.src_uri), page.content, rendered)
    return context


@guarded
def on_post_page(output, page, config):
    assets = outputs.page_assets(macros_plugin.build, page.url, page.content)
    write(config, assets.files)
    output = outputs.with_assets(output, assets)
    return outputs.corrected_page(macros_plugin.build, output, f"docs/{page.file.src_uri}")


@guarded
def on_post_template(output, template_name, config):
    """The theme's own pages (404.html) get the corrections the others get."""
    if template_name.endswith(".html"):
        output = outputs.corrected_page(macros_plugin.build, output, template_name)
    return output


@guarded
def on_post_build(config):
    build = macros_plugin.build
    # The search plugin has written its index by now; the offline plugin copies it after this hook.
    search_terms.tidy_index_file(Path(config["site_dir"]) / "search" / "search_index.json")
    write(config, outputs.site_files(build))
    for line in outputs.build_summary(build):
        log.info(line)


def write(config, files: dict[str, bytes]) -> None:
    site_dir = Path(config["site_dir"])
    for path, data in files.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
