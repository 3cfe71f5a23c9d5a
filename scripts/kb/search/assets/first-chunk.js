// Inlined into the search page's <head>: preloads the index chunks holding the words search.js will search
// for (as its keywords() and scoreWords() pick them), which Pagefind would otherwise ask for only once its own
// script, metadata and WebAssembly had loaded and run (on a phone's CPU, over a second after they arrived).
// A chunk is about 20 KB gzip at 3,000 entries. search.js calls kbPreloadIndex() again once its lexicon has
// arrived, for the words a glossary swap adds ("criminal" for CCE) and a theme's filter chunk.
// CHUNKS: Pagefind's [first word, last word, file] per index chunk; FILTERS: [filter, file] per filter chunk;
// COMMON: words searched only if alone; STOP: search.js's stop words, never searched.
(() => {
  const chunks = CHUNKS;
  const filterFiles = new Map(FILTERS);
  const common = new Set(COMMON);
  const stop = new Set(STOP);
  const asked = new Set();
  const preload = (path) => {
    if (asked.has(path)) return;
    asked.add(path);
    const link = document.createElement("link");
    // Low priority: Pagefind needs its script, metadata and WebAssembly (preloaded at high priority) before any chunk,
    // and on a slow link every byte fetched alongside them delays them.
    Object.assign(link, { rel: "preload", as: "fetch", crossOrigin: "anonymous", fetchPriority: "low", href: `../pagefind/${path}` });
    document.head.append(link);
  };
  window.kbPreloadIndex = ({ words = [], filters = [] }) => {
    for (const word of words) {
      const chunk = chunks.find(([first, last]) => first <= word && word <= last);
      if (chunk) preload(`index/${chunk[2]}.pf_index`);
    }
    for (const filter of filters) if (filterFiles.has(filter)) preload(`filter/${filterFiles.get(filter)}.pf_filter`);
  };
  const query = new URLSearchParams(location.search).get("q") || "";
  const words = (query.toLowerCase().match(/[a-z0-9][a-z0-9'’-]*/g) || []).map((word) => word.replace(/['’]s$/, "").replace(/['’]/g, ""));
  const all = words.filter((word) => !stop.has(word));
  const telling = all.filter((word) => !common.has(word));
  window.kbPreloadIndex({ words: telling.length ? telling : all });
})();
