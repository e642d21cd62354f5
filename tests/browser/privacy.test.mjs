// No page of the built site, in any theme, loads anything from another host:
// no script, stylesheet, font, image, frame or media from elsewhere, no
// <link rel=preload/icon/manifest> to elsewhere, no url() to elsewhere in a
// stylesheet; and every page carries the Content-Security-Policy that
// forbids it.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { buildSite, listFiles, themes } from "./helpers.mjs";

const POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; base-uri 'self'; form-action 'self'";
// Elements and attributes whose URL the browser fetches by itself.
const FETCHED = [
  ["script", "src"], ["img", "src"], ["img", "srcset"], ["iframe", "src"], ["frame", "src"], ["embed", "src"],
  ["object", "data"], ["source", "src"], ["source", "srcset"], ["video", "src"], ["video", "poster"],
  ["audio", "src"], ["track", "src"], ["input", "src"], ["image", "href"], ["use", "href"],
];
const FETCHED_LINKS = /^(stylesheet|preload|modulepreload|prefetch|preconnect|dns-prefetch|icon|shortcut icon|apple-touch-icon|manifest|mask-icon)$/i;

// Anything that names a host: a scheme, or a protocol-relative "//host".
function isElsewhere(url) {
  const u = url.trim();
  return /^[a-z][a-z0-9+.-]*:/i.test(u) ? !/^data:/i.test(u) : u.startsWith("//");
}

function tags(html, name) {
  return html.match(new RegExp(`<${name}\\b[^>]*>`, "gi")) || [];
}

function attribute(tag, name) {
  const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, "i"));
  return m ? (m[2] ?? m[3] ?? m[4]) : null;
}

export function foreignResources(html) {
  const found = [];
  for (const [element, name] of FETCHED)
    for (const tag of tags(html, element)) {
      const value = attribute(tag, name);
      if (value && value.split(",").some((part) => isElsewhere(part.trim().split(/\s+/)[0]))) found.push(tag);
    }
  for (const tag of tags(html, "link")) {
    const rel = (attribute(tag, "rel") || "").trim();
    const href = attribute(tag, "href");
    if (href && rel.split(/\s+/).some((r) => FETCHED_LINKS.test(r)) && isElsewhere(href)) found.push(tag);
  }
  for (const style of html.match(/<style\b[\s\S]*?<\/style>|\sstyle\s*=\s*"[^"]*"/gi) || [])
    for (const m of style.matchAll(/url\(\s*['"]?([^'")]+)/gi)) if (isElsewhere(m[1])) found.push(m[0]);
  return found;
}

describe("the check itself", () => {
  test("finds resources from other hosts and lets links and local files through", () => {
    const html = `<script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="//fonts.example/css">
      <link rel="icon" href="http://x.example/i.png"><img src="data:image/png;base64,AA" alt=""><img srcset="a.png 1x, https://x.example/b.png 2x" alt="">
      <a href="https://nhs.uk/">a link is not a request</a><link rel="canonical" href="https://example.org/"><script src="js/search.js"></script>
      <iframe src="https://video.example/"></iframe><div style="background:url(https://t.example/p.gif)"></div>`;
    assert.equal(foreignResources(html).length, 6);
  });
});

for (const theme of themes()) {
  describe(`theme ${theme}`, () => {
    test("no page loads anything from another host, and every page has the Content-Security-Policy", () => {
      const site = buildSite(theme);
      assert.ok(site.pages.length >= 15, `only ${site.pages.length} pages were built`);
      const problems = [];
      for (const file of site.pages) {
        const html = fs.readFileSync(path.join(site.output, file), "utf8");
        for (const tag of foreignResources(html)) problems.push(`${file}: ${tag}`);
        const csp = (tags(html, "meta").find((t) => /http-equiv\s*=\s*"Content-Security-Policy"/i.test(t)));
        if (!csp) problems.push(`${file}: no Content-Security-Policy meta tag`);
        else if (attribute(csp, "content") !== POLICY) problems.push(`${file}: the Content-Security-Policy is ${attribute(csp, "content")}`);
        if (html.indexOf("Content-Security-Policy") > html.search(/<(link|script|style)\b/i)) problems.push(`${file}: the policy comes after what it governs`);
      }
      for (const file of listFiles(site.output).filter((f) => f.endsWith(".css")))
        for (const m of fs.readFileSync(path.join(site.output, file), "utf8").matchAll(/(?:url\(\s*['"]?|@import\s+['"])([^'")]+)/gi))
          if (isElsewhere(m[1])) problems.push(`${file}: ${m[0]}`);
      for (const file of listFiles(site.output).filter((f) => f.endsWith(".js")))
        if (/\b(fetch|XMLHttpRequest|sendBeacon|WebSocket|EventSource)\b/.test(fs.readFileSync(path.join(site.output, file), "utf8")))
          problems.push(`${file}: a script that could send data somewhere`);
      assert.deepEqual(problems, []);
    });
  });
}
