// Builds this repository's site the way GitHub Pages would serve it and checks
// that every link, image, stylesheet and #anchor works: under a project subpath
// (/leg-pain/), at the root of a host, and from disk after an offline build.
// Also checks what hosts and search engines read: sitemap.xml, feed.xml,
// robots.txt, .nojekyll, CNAME, canonical and Open Graph tags, and 404.html.
//
// Run: node --test tests/hosting/site-hosting.test.mjs
// HEALTHSITE_BINARY picks the generator (default: build/healthsite) and
// HEALTHSITE_SOURCE the site (default: this repository's).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import hyperlink from 'hyperlink';
import { LinkChecker, resetSharedAgents } from 'linkinator';
import { parse as parseHtml } from 'parse5';
import { parse as parseToml } from 'smol-toml';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const binary = resolve(process.env.HEALTHSITE_BINARY ?? join(repo, 'build/healthsite'));
const siteSource = resolve(process.env.HEALTHSITE_SOURCE ?? repo);
const BASE = 'https://example.github.io/leg-pain/';
const BASE_PATH = new URL(BASE).pathname; // "/leg-pain/"
const DRAFT_SLUG = 'draft-visit-notes';
const IMAGE = 'images/calf-stretch.svg';
const temps = [];

// ---------------------------------------------------------------------------
// The site's sources, copied so that the tests can change them

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'healthsite-hosting-'));
  temps.push(dir);
  return dir;
}

// A copy of the site's sources in a temp folder, with base_url set and three
// changes that give the checks something to catch: every page gets a different
// last_reviewed date, in an order unlike the pages' addresses (so "newest
// first" can fail), a draft page is added (it must reach no output), and an
// image in content/ is shown on a page one folder deep (a non-HTML file that
// must be published but not listed in the sitemap).
function prepareSource(baseUrl, extraToml = '') {
  const dir = tempDir();
  const source = join(dir, 'source');
  for (const name of ['site.toml', 'content', 'themes', 'templates']) {
    if (existsSync(join(siteSource, name))) cpSync(join(siteSource, name), join(source, name), { recursive: true });
  }
  const toml = readFileSync(join(source, 'site.toml'), 'utf8').replace(/^base_url\s*=.*$/m, `base_url = "${baseUrl}"`);
  writeFileSync(join(source, 'site.toml'), extraToml + toml); // top-level keys go before any [table]

  const dated = markdownFiles(join(source, 'content')).filter((file) => /^last_reviewed\s*=/m.test(readFileSync(file, 'utf8')));
  dated.forEach((file, i) => {
    const date = new Date(Date.UTC(2026, 10, 25) - ((i * 37) % 101) * 86400000).toISOString().slice(0, 10);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^last_reviewed\s*=.*$/m, `last_reviewed = ${date}`));
  });

  writeFileSync(join(source, 'content', `${DRAFT_SLUG}.md`), [
    '+++', 'title = "Notes to take to your appointment"', 'description = "Not ready to publish."',
    'draft = true', 'last_reviewed = 2026-12-01', '+++', '', 'This page is still being written.', '',
  ].join('\n'));
  mkdirSync(join(source, 'content', dirname(IMAGE)), { recursive: true });
  writeFileSync(join(source, 'content', IMAGE),
    '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#06c"/></svg>\n');
  const selfCare = join(source, 'content', 'self-care.md');
  if (existsSync(selfCare)) {
    writeFileSync(selfCare, `${readFileSync(selfCare, 'utf8')}\n\n![A calf stretch](${IMAGE})\n`);
  }
  return { dir, source };
}

function markdownFiles(folder) {
  return readdirSync(folder, { recursive: true }).filter((f) => f.endsWith('.md')).sort().map((f) => join(folder, f));
}

function frontMatter(file) {
  const match = /^\+\+\+\r?\n([\s\S]*?)\r?\n\+\+\+/.exec(readFileSync(file, 'utf8'));
  return match ? parseToml(match[1]) : {};
}

// Every public page the sources describe: { urlPath: "causes/circulation/", lastReviewed: "2026-11-25" | undefined }.
function expectedPages(source) {
  const site = parseToml(readFileSync(join(source, 'site.toml'), 'utf8'));
  const content = join(source, 'content');
  const pages = [];
  for (const file of markdownFiles(content)) {
    const meta = frontMatter(file);
    if (meta.draft) continue;
    const folder = dirname(file.slice(content.length + 1)).split(sep).join('/');
    const prefix = folder === '.' ? '' : `${folder}/`;
    const name = basename(file, '.md');
    const urlPath = name === '_index' ? prefix : `${prefix}${meta.slug ?? name}/`;
    pages.push({ urlPath, lastReviewed: meta.last_reviewed?.toISOString().slice(0, 10) });
  }
  if (site.causes?.index_path) pages.push({ urlPath: `${site.causes.index_path}/`, lastReviewed: undefined });
  return pages.sort((a, b) => (a.urlPath < b.urlPath ? -1 : 1));
}

function build(source, output, ...args) {
  const run = spawnSync(binary, ['build', '--source', source, '--output', output, ...args], { encoding: 'utf8' });
  assert.equal(run.error, undefined, `could not run ${binary} (set HEALTHSITE_BINARY): ${run.error?.message}`);
  assert.equal(run.status, 0, `healthsite build ${args.join(' ')} failed:\n${run.stderr}${run.stdout}`);
  return resolve(output);
}

// ---------------------------------------------------------------------------
// Reading the output

function walk(folder) {
  return readdirSync(folder, { recursive: true }).map((f) => join(folder, f)).sort();
}

function htmlFiles(output) {
  return walk(output).filter((f) => f.endsWith('.html'));
}

// "causes/circulation/index.html" -> "causes/circulation/", "index.html" -> ""
function urlPathOf(output, file) {
  return file.slice(output.length + 1).split(sep).join('/').replace(/(^|\/)index\.html$/, '$1');
}

const documents = new Map();
function readHtml(file) {
  if (!documents.has(file)) documents.set(file, parseHtml(readFileSync(file, 'utf8')));
  return documents.get(file);
}

function* elements(node) {
  for (const child of (node.tagName === 'template' ? node.content : node).childNodes ?? []) {
    if (child.tagName) yield child;
    yield* elements(child);
  }
}

const attribute = (element, name) => element.attrs.find((a) => a.name === name)?.value;

// Every URL a page refers to: links, stylesheets, images, scripts, media.
const URL_ATTRIBUTES = { href: ['a', 'area', 'link'], src: ['img', 'script', 'iframe', 'source', 'audio', 'video', 'track', 'embed'], srcset: ['img', 'source'], poster: ['video'] };
function references(document) {
  const found = [];
  for (const element of elements(document)) {
    for (const [name, tags] of Object.entries(URL_ATTRIBUTES)) {
      const value = tags.includes(element.tagName) ? attribute(element, name) : undefined;
      if (value === undefined) continue;
      const urls = name === 'srcset' ? value.split(',').map((c) => c.trim().split(/\s+/)[0]).filter(Boolean) : [value.trim()];
      for (const url of urls) found.push({ tag: element.tagName, rel: attribute(element, 'rel'), url });
    }
  }
  return found;
}

function ids(document) {
  const found = new Set();
  for (const element of elements(document)) {
    const id = attribute(element, 'id') ?? (element.tagName === 'a' ? attribute(element, 'name') : undefined);
    if (id) found.add(id);
  }
  return found;
}

function metaContent(document, key) {
  for (const element of elements(document)) {
    if (element.tagName === 'meta' && (attribute(element, 'name') === key || attribute(element, 'property') === key)) return attribute(element, 'content');
  }
  return undefined;
}

function canonicalOf(document) {
  for (const element of elements(document)) {
    if (element.tagName === 'link' && attribute(element, 'rel') === 'canonical') return attribute(element, 'href');
  }
  return undefined;
}

function readXml(file, arrays) {
  assert.ok(existsSync(file), `${basename(file)} is missing from the output`);
  const xml = readFileSync(file, 'utf8');
  const valid = XMLValidator.validate(xml);
  assert.equal(valid, true, `${basename(file)} is not well-formed XML: ${JSON.stringify(valid.err)}`);
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => arrays.includes(name) }).parse(xml);
}

const textOf = (value) => (typeof value === 'object' ? value['#text'] : value);

// ---------------------------------------------------------------------------
// A small static server, like GitHub Pages: a folder is its index.html (a
// folder without the trailing slash is redirected), a missing file gets
// /404.html with status 404, and nothing outside the folder is ever served.

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.xml': 'application/xml', '.txt': 'text/plain', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.pdf': 'application/pdf', '.json': 'application/json' };

async function startServer(outputFolder, prefix) {
  const folder = resolve(outputFolder);
  const server = http.createServer((request, response) => {
    const send = (status, body, type, headers = {}) => {
      response.writeHead(status, { 'content-type': type, ...headers });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    const notFound = () => {
      const page = join(folder, '404.html');
      if (existsSync(page)) send(404, readFileSync(page), TYPES['.html']);
      else send(404, 'not found', TYPES['.txt']);
    };
    try {
      const { pathname } = new URL(request.url, 'http://127.0.0.1');
      const path = decodeURIComponent(pathname);
      if (!path.startsWith(prefix)) return notFound();
      let file = join(folder, path.slice(prefix.length));
      if (file !== folder && !file.startsWith(folder + sep)) return send(403, 'forbidden', TYPES['.txt']);
      if (existsSync(file) && statSync(file).isDirectory()) {
        if (!pathname.endsWith('/')) return send(301, '', TYPES['.txt'], { location: `${pathname}/` });
        file = join(file, 'index.html');
      }
      if (!existsSync(file) || !statSync(file).isFile()) return notFound();
      send(200, readFileSync(file), TYPES[extname(file)] ?? 'application/octet-stream');
    } catch {
      send(400, 'bad request', TYPES['.txt']);
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    port: server.address().port,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }),
  };
}

// ---------------------------------------------------------------------------
// The link checkers

// linkinator crawls the site over HTTP from its home page (and from 404.html,
// which nothing links to), checking links, images, stylesheets, scripts and
// #fragments. Links to other hosts are skipped: the tests use no network.
async function crawl(siteUrl, expectedUrls) {
  const checker = new LinkChecker();
  const pages = new Set();
  checker.on('pagestart', (url) => pages.add(String(url)));
  const { origin } = new URL(siteUrl);
  const result = await checker.check({
    path: [siteUrl, `${siteUrl}404.html`],
    recurse: true,
    checkFragments: true,
    concurrency: 8,
    timeout: 10000,
    linksToSkip: async (link) => URL.canParse(link) && new URL(link).origin !== origin,
  });
  resetSharedAgents();
  const broken = result.links.filter((l) => l.state === 'BROKEN').map((l) => `${l.url} (status ${l.status}, on ${l.parent})`);
  assert.deepEqual(broken, [], `linkinator found broken links:\n${broken.join('\n')}`);
  const checked = result.links.filter((l) => l.state === 'OK').length;
  const skipped = result.links.filter((l) => l.state === 'SKIPPED').length;
  const crawled = [...pages].map((u) => u.replace(/index\.html$/, '')).sort();
  assert.ok(crawled.length > 10, `linkinator crawled only ${crawled.length} pages`);
  assert.deepEqual(crawled.filter((u) => !u.endsWith('/404.html')), [...expectedUrls].sort(), 'the crawl from the home page did not reach exactly the public pages');
  // linkinator checks a fragment only if it meets the link before it fetches
  // the target page, so every #fragment is checked again here, over HTTP too.
  const anchors = await checkFragmentsOverHttp([...pages], origin);
  return { pages: pages.size, links: checked, skipped, anchors };
}

async function checkFragmentsOverHttp(pageUrls, origin) {
  const targets = new Map();
  const idsAt = async (url) => {
    if (!targets.has(url)) {
      const response = await fetch(url);
      targets.set(url, response.ok ? ids(parseHtml(await response.text())) : new Set());
    }
    return targets.get(url);
  };
  const missing = [];
  let checked = 0;
  for (const page of pageUrls) {
    const response = await fetch(page);
    for (const { url } of references(parseHtml(await response.text()))) {
      const target = new URL(url, response.url);
      if (target.origin !== origin || !target.hash) continue;
      const fragment = decodeURIComponent(target.hash.slice(1));
      target.hash = '';
      checked += 1;
      if (!(await idsAt(target.href)).has(fragment)) missing.push(`${page}: ${url} (no id "${fragment}" in ${target.href})`);
    }
  }
  assert.deepEqual(missing, [], `links to #fragments that do not exist:\n${missing.join('\n')}`);
  return checked;
}

// hyperlink reads the output from disk (root = the folder the host serves as
// "/") and checks every internal link and #fragment; canonicalRoot maps the
// site's absolute URLs (canonical, og:url) back onto the files.
async function checkFromDisk(root, output, canonicalRoot) {
  const reports = [];
  const tap = { begin() {}, push(_header, report) { if (report) reports.push(report); } };
  await hyperlink({
    root: `${pathToFileURL(root).href}/`,
    canonicalRoot,
    inputUrls: htmlFiles(output).map((f) => pathToFileURL(f).href),
    recursive: true,
    internalOnly: true,
  }, tap);
  const failures = reports.filter((r) => !r.ok && !r.skip && !r.todo).map((r) => `${r.name} at ${r.at}: expected ${r.expected}, got ${r.actual}`);
  assert.deepEqual(failures, [], `hyperlink found problems:\n${failures.join('\n')}`);
  const loads = reports.filter((r) => r.operator === 'load').length;
  const fragments = reports.filter((r) => r.operator === 'fragment-check').length;
  assert.ok(loads > 10 && fragments > 10, `hyperlink checked too little (${loads} files, ${fragments} fragments)`);
  return { loads, fragments };
}

function summary(label, web, disk) {
  return `[hosting] ${label}: linkinator crawled ${web.pages} pages, ${web.links} distinct URLs OK, 0 broken, ` +
    `${web.skipped} links to other hosts skipped; ${web.anchors} #anchor links checked over HTTP; ` +
    `hyperlink loaded ${disk.loads} files from disk and checked ${disk.fragments} #fragment links`;
}

// ---------------------------------------------------------------------------
// The site as published at https://example.github.io/leg-pain/

let main; // { source, root, output, server, pages }

before(async () => {
  assert.ok(existsSync(binary), `no generator at ${binary}: build it (cmake --build build --target healthsite) or set HEALTHSITE_BINARY`);
  const { dir, source } = prepareSource(BASE);
  const root = join(dir, 'root'); // what the host serves as "/"
  const output = build(source, join(root, BASE_PATH));
  main = { source, root, output, pages: expectedPages(source), server: await startServer(output, BASE_PATH) };
  assert.ok(main.pages.length > 10, `only ${main.pages.length} pages in the sources`);
});

after(async () => {
  await main?.server.close();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

test('a) under /leg-pain/ over HTTP: no broken link, image, stylesheet, script or #anchor', async () => {
  const { server, output, root, pages } = main;
  const siteUrl = `${server.origin}${BASE_PATH}`;

  const outside = await fetch(`${server.origin}${BASE_PATH}..%2f..%2fsource%2fsite.toml`);
  assert.equal(outside.status, 403, 'the test server must refuse paths outside the output folder');
  const redirect = await fetch(`${server.origin}${BASE_PATH}causes`, { redirect: 'manual' });
  assert.equal(redirect.status, 301, 'a folder without its trailing slash is redirected, as on GitHub Pages');

  const web = await crawl(siteUrl, pages.map((p) => `${siteUrl}${p.urlPath}`));
  const disk = await checkFromDisk(root, output, `${new URL(BASE).origin}/`);
  console.log(summary(`a) under ${BASE_PATH}`, web, disk));
});

test('b) at the root of http://127.0.0.1:<port>/: no broken link, image, stylesheet, script or #anchor', async () => {
  const output = join(tempDir(), 'out'); // built once the server is up and its port known
  const server = await startServer(output, '/');
  try {
    const siteUrl = `${server.origin}/`;
    const { source } = prepareSource(siteUrl);
    build(source, output);
    const pages = expectedPages(source);
    assert.ok(pages.length > 10);
    const home = readHtml(join(output, 'index.html'));
    assert.equal(canonicalOf(home), siteUrl, 'the canonical URL of the home page is the root');

    const web = await crawl(siteUrl, pages.map((p) => `${siteUrl}${p.urlPath}`));
    const disk = await checkFromDisk(output, output, siteUrl);
    // Here the canonical URLs are on the test server, so each must load.
    for (const page of pages) {
      const response = await fetch(`${siteUrl}${page.urlPath}`);
      assert.equal(response.status, 200, `${siteUrl}${page.urlPath}`);
    }
    const deep = await fetch(`${siteUrl}no/such/deep/page`);
    assert.equal(deep.status, 404);
    await assertLinksLoad(deep.url, await deep.text(), server.origin);
    console.log(summary('b) at the root', web, disk));
  } finally {
    await server.close();
  }
});

test('c) an --offline build works from file://: every link is a file that exists and every #fragment an id in it', () => {
  const { dir, source } = prepareSource(BASE);
  const output = build(source, join(dir, 'offline'), '--offline');
  // 404.html is only ever shown by a web server, which is why its links are
  // root-absolute; it has no use in a folder read from disk.
  const pages = htmlFiles(output).filter((f) => basename(f) !== '404.html');
  assert.ok(pages.length > 10, `only ${pages.length} pages in the offline build`);
  const problems = [];
  let links = 0;
  let anchors = 0;
  for (const page of pages) {
    const pageUrl = pathToFileURL(page);
    for (const { url } of references(readHtml(page))) {
      const target = new URL(url, pageUrl);
      if (target.protocol !== 'file:') continue; // https:, mailto:, tel:
      links += 1;
      const fragment = target.hash ? decodeURIComponent(target.hash.slice(1)) : '';
      target.hash = '';
      target.search = '';
      const file = fileURLToPath(target);
      const where = `${page.slice(output.length + 1)}: ${url}`;
      if (!existsSync(file)) problems.push(`${where}: ${file} does not exist`);
      else if (!statSync(file).isFile()) problems.push(`${where}: ${file} is a folder (a browser shows a file listing, not index.html)`);
      else if (fragment) {
        anchors += 1;
        if (!ids(readHtml(file)).has(fragment)) problems.push(`${where}: no id "${fragment}" in ${file.slice(output.length + 1)}`);
      }
    }
  }
  assert.deepEqual(problems, [], `offline links that do not work from disk:\n${problems.join('\n')}`);
  assert.ok(links > 100 && anchors > 10, `too few links checked (${links} links, ${anchors} anchors)`);
  assert.ok(existsSync(join(output, IMAGE)), `${IMAGE} from content/ is published`);
  console.log(`[hosting] c) --offline: ${pages.length} pages, ${links} internal links resolved to files, ${anchors} #anchors found`);
});

test('d) sitemap.xml, feed.xml, robots.txt, .nojekyll, CNAME, canonical and Open Graph tags, 404.html', async (t) => {
  const { output, pages, server } = main;
  const canonical = (p) => `${BASE}${p.urlPath}`;
  const counts = {};

  await t.test('sitemap.xml lists every public page once, sorted, with lastmod from last_reviewed, and nothing else', () => {
    const { urlset } = readXml(join(output, 'sitemap.xml'), ['url']);
    assert.equal(urlset?.['@xmlns'], 'http://www.sitemaps.org/schemas/sitemap/0.9');
    const urls = urlset.url ?? [];
    const locs = urls.map((u) => u.loc);
    counts.sitemap = locs.length;
    assert.ok(locs.length > 10, `only ${locs.length} URLs in the sitemap`);
    assert.deepEqual(locs, [...locs].sort(), 'the sitemap is sorted');
    assert.deepEqual(locs, pages.map(canonical), 'the sitemap lists exactly the public pages');
    assert.ok(!locs.some((l) => l.includes('404') || l.includes(DRAFT_SLUG) || !l.endsWith('/')), 'no 404 page, draft or non-HTML file');
    for (const [i, page] of pages.entries()) {
      if (page.lastReviewed) assert.equal(urls[i].lastmod, page.lastReviewed, `lastmod of ${locs[i]}`);
      else if (urls[i].lastmod !== undefined) assert.match(String(urls[i].lastmod), /^\d{4}-\d{2}-\d{2}/, `lastmod of ${locs[i]}`);
    }
  });

  await t.test('feed.xml is an Atom feed with one entry per reviewed page, newest first, with absolute links', () => {
    const { feed } = readXml(join(output, 'feed.xml'), ['entry', 'link']);
    assert.equal(feed?.['@xmlns'], 'http://www.w3.org/2005/Atom');
    for (const key of ['title', 'id', 'updated']) assert.ok(textOf(feed[key]), `the feed has a ${key}`);
    const reviewed = pages.filter((p) => p.lastReviewed);
    const entries = feed.entry ?? [];
    counts.feed = entries.length;
    assert.ok(entries.length > 10, `only ${entries.length} entries in the feed`);
    const links = entries.map((e) => ((e.link ?? []).find((l) => (l['@rel'] ?? 'alternate') === 'alternate') ?? {})['@href']);
    assert.deepEqual([...links].sort(), reviewed.map(canonical).sort(), 'one entry per page with last_reviewed, linking to its canonical URL');
    const reviewedOn = new Map(reviewed.map((p) => [canonical(p), p.lastReviewed]));
    const dates = entries.map((e) => String(textOf(e.updated)));
    entries.forEach((entry, i) => {
      assert.ok(links[i].startsWith(BASE), `absolute link: ${links[i]}`);
      assert.ok(textOf(entry.title) && textOf(entry.id), `entry ${links[i]} has a title and an id`);
      assert.ok(dates[i].startsWith(reviewedOn.get(links[i])), `entry ${links[i]} updated ${dates[i]} is its last_reviewed ${reviewedOn.get(links[i])}`);
      if (i > 0) assert.ok(dates[i - 1] >= dates[i], `newest first: ${links[i - 1]} (${dates[i - 1]}) before ${links[i]} (${dates[i]})`);
    });
    assert.ok(String(textOf(feed.updated)).startsWith(reviewed.map((p) => p.lastReviewed).sort().at(-1)), 'the feed is updated when its newest entry is');
  });

  await t.test('robots.txt is well-formed and names the sitemap', () => {
    const lines = readFileSync(join(output, 'robots.txt'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const line of lines) assert.match(line, /^(user-agent|allow|disallow|sitemap|crawl-delay):\s*\S*$/i, `robots.txt line: ${line}`);
    const firstRule = lines.findIndex((l) => /^(allow|disallow):/i.test(l));
    assert.ok(lines.findIndex((l) => /^user-agent:/i.test(l)) >= 0 && (firstRule < 0 || lines.findIndex((l) => /^user-agent:/i.test(l)) < firstRule), 'a User-agent line comes before the rules');
    assert.ok(lines.includes(`Sitemap: ${BASE}sitemap.xml`), `robots.txt has "Sitemap: ${BASE}sitemap.xml"`);
  });

  await t.test('.nojekyll is there, CNAME is not (no domain in site.toml), no symlinks or hard links, no draft', () => {
    assert.ok(existsSync(join(output, '.nojekyll')), '.nojekyll is written');
    assert.ok(!existsSync(join(output, 'CNAME')), 'no CNAME without a domain');
    assert.ok(!existsSync(join(output, DRAFT_SLUG)), 'the draft page is not published');
    const files = walk(output);
    assert.ok(files.length > 10);
    for (const file of files) {
      const stat = lstatSync(file);
      assert.ok(!stat.isSymbolicLink(), `${file} is a symlink`);
      if (stat.isFile()) assert.equal(stat.nlink, 1, `${file} is a hard link`);
    }
    assert.ok(existsSync(join(output, IMAGE)), `${IMAGE} from content/ is published`);
  });

  await t.test('CNAME holds the domain when site.toml sets one', () => {
    const { dir, source: custom } = prepareSource('https://leg-pain.example.org/', 'domain = "leg-pain.example.org"\n');
    const out = build(custom, join(dir, 'out'));
    assert.ok(existsSync(join(out, 'CNAME')), 'CNAME is written when site.toml sets domain');
    assert.match(readFileSync(join(out, 'CNAME'), 'utf8'), /^leg-pain\.example\.org\n?$/);
    assert.equal(canonicalOf(readHtml(join(out, 'faq', 'index.html'))), 'https://leg-pain.example.org/faq/');
  });

  await t.test('every page has an absolute canonical URL, a description and Open Graph tags', () => {
    const files = htmlFiles(output).filter((f) => basename(f) !== '404.html');
    assert.equal(files.length, pages.length, 'one HTML file per public page');
    counts.tagged = files.length;
    for (const file of files) {
      const document = readHtml(file);
      const where = file.slice(output.length + 1);
      const url = `${BASE}${urlPathOf(output, file)}`;
      assert.equal(canonicalOf(document), url, `${where}: <link rel="canonical">`);
      assert.ok(metaContent(document, 'description')?.trim(), `${where}: meta description`);
      for (const key of ['og:title', 'og:description', 'og:type']) assert.ok(metaContent(document, key)?.trim(), `${where}: ${key}`);
      assert.equal(metaContent(document, 'og:url'), url, `${where}: og:url`);
    }
  });

  await t.test('404.html works at any depth: its links are root-absolute from /leg-pain/', async () => {
    const document = readHtml(join(output, '404.html'));
    const internal = references(document).filter(({ url }) => !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('#'));
    assert.ok(internal.length > 3, '404.html links back into the site');
    for (const { url } of internal) assert.ok(url.startsWith(BASE_PATH), `404.html: ${url} should start with ${BASE_PATH}`);
    assert.ok(internal.some((r) => r.rel === 'stylesheet'), '404.html has a stylesheet');

    const response = await fetch(`${server.origin}${BASE_PATH}no/such/deep/page`);
    assert.equal(response.status, 404);
    counts.notFoundLinks = await assertLinksLoad(response.url, await response.text(), server.origin);
  });

  console.log(`[hosting] d) sitemap.xml: ${counts.sitemap} URLs; feed.xml: ${counts.feed} entries; ` +
    `${counts.tagged} pages with canonical, description and Open Graph tags; ` +
    `404 page at ${BASE_PATH}no/such/deep/page: ${counts.notFoundLinks} links and its stylesheet load`);
});

// Every same-host link and the stylesheet of a page served at pageUrl load.
async function assertLinksLoad(pageUrl, html, origin) {
  const refs = references(parseHtml(html));
  const stylesheet = refs.find((r) => r.rel === 'stylesheet');
  assert.ok(stylesheet, 'the page has a stylesheet');
  const css = await fetch(new URL(stylesheet.url, pageUrl));
  assert.equal(css.status, 200, `stylesheet ${css.url}`);
  assert.match(css.headers.get('content-type'), /^text\/css/);
  let loaded = 0;
  for (const { url } of refs) {
    const target = new URL(url, pageUrl);
    if (target.origin !== origin || url.startsWith('#')) continue;
    assert.equal((await fetch(target)).status, 200, `${url} from ${pageUrl}`);
    loaded += 1;
  }
  assert.ok(loaded > 3, `only ${loaded} links from ${pageUrl} were followed`);
  return loaded;
}

test('e) --base-url overrides base_url from site.toml everywhere', () => {
  const preview = 'https://preview.example.net/pr-7/';
  const { dir, source } = prepareSource(BASE);
  const output = build(source, join(dir, 'preview'), '--base-url', preview);
  const pages = expectedPages(source);
  for (const page of pages) {
    const file = join(output, page.urlPath, 'index.html');
    assert.equal(canonicalOf(readHtml(file)), `${preview}${page.urlPath}`, `canonical of ${page.urlPath || 'the home page'}`);
  }
  const { urlset } = readXml(join(output, 'sitemap.xml'), ['url']);
  assert.deepEqual(urlset.url.map((u) => u.loc), pages.map((p) => `${preview}${p.urlPath}`));
  assert.match(readFileSync(join(output, 'robots.txt'), 'utf8'), new RegExp(`^Sitemap: ${preview.replace(/[.]/g, '\\.')}sitemap\\.xml$`, 'm'));
  const internal404 = references(readHtml(join(output, '404.html'))).filter(({ url }) => url.startsWith('/'));
  assert.ok(internal404.length > 3 && internal404.every(({ url }) => url.startsWith('/pr-7/')), '404.html links start with /pr-7/');
  const stale = walk(output).filter((f) => /\.(html|xml|txt|js)$/.test(f) && readFileSync(f, 'utf8').includes(new URL(BASE).host));
  assert.deepEqual(stale, [], `files still naming ${new URL(BASE).host}`);
  console.log(`[hosting] e) --base-url ${preview}: ${pages.length} canonical URLs, the sitemap, robots.txt and 404.html use it`);
});
