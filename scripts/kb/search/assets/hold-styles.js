// Inlined into the search page's <head>, ahead of the theme's full stylesheets (whose onload calls
// kbStylesheetArrived instead of applying itself, search_head.py): when the page opens with a search in its
// address, they apply once search.js has drawn the first results (it calls kbShowThemeStyles), not as they
// arrive. They arrive alongside Pagefind's files, and applying them costs a style recalculation (about
// 150 ms of a phone's CPU) that otherwise came before the first result; critical.css and search.css style
// all the page shows until then. With no search in the address they apply as they arrive, as on every page.
(() => {
  const held = [];
  let holding = Boolean(new URLSearchParams(location.search).get("q")?.trim());
  const showAll = () => {
    holding = false;
    for (const link of held.splice(0)) link.media = "all";
  };
  window.kbStylesheetArrived = (link) => {
    if (holding) held.push(link);
    else link.media = "all";
  };
  window.kbShowThemeStyles = showAll;
  // Should the search never finish (its script failing to load), the styles apply all the same.
  addEventListener("load", () => setTimeout(showAll, 3000));
})();
