"""The code that turns data/ and docs/ into the site, one folder a layer (base, data, charts,
documents, html, build, adapters; README.md has the map). mkdocs-macros loads this package
(mkdocs.yml: module_name: macros) and calls the two entry points below; they are imported only then,
so that the layers below the adapters load without MkDocs."""


def define_env(env) -> None:
    from .adapters import macros_plugin

    macros_plugin.define_env(env)


def on_pre_page_macros(env) -> None:
    from .adapters import macros_plugin

    macros_plugin.on_pre_page_macros(env)
