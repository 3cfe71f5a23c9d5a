// Inlined into the search page's <head>: preloads the index chunk holding the query's longest telling word,
// which Pagefind would otherwise ask for only once its own script, metadata and WebAssembly had loaded.
// CHUNKS: Pagefind's [first word, last word, file] per chunk; COMMON: words searched only if alone.
(() => {
  const chunks = CHUNKS;
  const common = new Set(COMMON);
  const query = new URLSearchParams(location.search).get("q") || "";
  const words = (query.toLowerCase().match(/[a-z0-9]+/g) || []).filter((word) => !common.has(word));
  const word = words.sort((a, b) => b.length - a.length)[0];
  const chunk = word && chunks.find(([first, last]) => first <= word && word <= last);
  if (!chunk) return;
  const link = document.createElement("link");
  Object.assign(link, { rel: "preload", as: "fetch", crossOrigin: "anonymous", href: `../pagefind/index/${chunk[2]}.pf_index` });
  document.head.append(link);
})();
