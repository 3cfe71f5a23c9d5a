// Inlined into the search page's <head>, ahead of the theme's full stylesheets (whose onload calls
// kbStylesheetArrived instead of applying itself) and its script (whose tag at the end of the page is
// kbThemeScript(src) instead of <script defer>, search_head.py). When the page opens with a search in its
// address, both wait until search.js has drawn the first results (it calls kbReleaseTheme):
// - the stylesheets apply then, not as they arrive: they arrive alongside Pagefind's files, and applying them
//   costs a style recalculation (about 150 ms of a phone's CPU); critical.css and search.css style all the
//   page shows until then;
// - the script is fetched then: on a phone its 35 KB (gzip) shared the link with Pagefind's files and its
//   start-up took 300 ms of the main thread, both before the first result. Until it runs, the page works as
//   the theme's markup does without it (the menu is a checkbox and a label).
// With no search in the address they apply and load at once, as on every page.
(() => {
  const heldLinks = [];
  const heldScripts = [];
  let holding = Boolean(new URLSearchParams(location.search).get("q")?.trim());
  let contentLoaded = false;
  document.addEventListener("DOMContentLoaded", () => {
    contentLoaded = true;
  });
  // The theme's script sets itself up when its document$ is told of DOMContentLoaded; added by a script, it
  // usually runs after that event, so it is told then (its `load` follows its running in the same task).
  const loadScript = (src) => {
    const script = Object.assign(document.createElement("script"), { src });
    script.addEventListener("load", () => contentLoaded && window.document$?.next(document), { once: true });
    document.body.append(script);
  };
  const release = () => {
    holding = false;
    for (const link of heldLinks.splice(0)) link.media = "all";
    for (const src of heldScripts.splice(0)) loadScript(src);
  };
  window.kbStylesheetArrived = (link) => {
    if (holding) heldLinks.push(link);
    else link.media = "all";
  };
  window.kbThemeScript = (src) => {
    if (holding) heldScripts.push(src);
    else loadScript(src);
  };
  window.kbReleaseTheme = release;
  // Should the search never finish (its script failing to load), the theme comes all the same.
  addEventListener("load", () => setTimeout(release, 3000));
})();
