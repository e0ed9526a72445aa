// A value quoted from the data is a link to its row. With a mouse its source shows on hover; on a
// touch screen the first tap shows the source and the second follows the link. Without JavaScript
// the link simply opens the row.
(function () {
  var open = null;
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.mems-q[data-tip]");
    if (open && open !== link) { open.classList.remove("mems-q--open"); open = null; }
    if (!link || !window.matchMedia("(hover: none)").matches) return;
    if (link !== open) {
      event.preventDefault();
      link.classList.add("mems-q--open");
      open = link;
    }
  });
})();
