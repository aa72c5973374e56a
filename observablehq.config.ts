// Observable Framework configuration for the Alliance Outcomes site.
// No request may leave the origin: no Google Fonts (globalStylesheets), no observablehq.com footer link,
// and libraries are imported from node_modules, never from a CDN.
export default {
  root: "src",
  title: "Alliance Outcomes",
  globalStylesheets: [],
  footer: "Alliance Outcomes: synthetic demonstration data.",
  search: false,
  pager: false,
};
