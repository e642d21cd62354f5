// Shared by the browser tests: build the repository's site with a chosen
// theme into a temporary folder, serve it on 127.0.0.1, and start the
// system's Chromium through playwright-core (no browser is ever downloaded).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repository = path.resolve(here, "../..");
export const binary = process.env.HEALTHSITE_BINARY || path.resolve(here, "../../build/healthsite");
// The path the site is published under (base_url in site.toml); the 404 page
// links from it, so the test server serves the site there too.
export const basePath = "/leg-pain/";
export const screenshotDir = path.join(here, "screenshots");

// Every theme in themes/, or only those named in HEALTHSITE_THEMES ("default,clear").
export function themes() {
  const all = fs.readdirSync(path.join(repository, "themes"), { withFileTypes: true })
    .filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const wanted = (process.env.HEALTHSITE_THEMES || "").split(",").map((t) => t.trim()).filter(Boolean);
  return wanted.length ? all.filter((t) => wanted.includes(t)) : all;
}

const built = new Map();

// Copies the repository's site into a new temporary folder with site.toml's
// theme switched; returns the folder.
export function copySite(theme, purpose) {
  if (!fs.existsSync(binary)) throw new Error(`no healthsite binary at ${binary} (set HEALTHSITE_BINARY)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `healthsite-${purpose}-${theme}-`));
  for (const folder of ["content", "themes", "templates"]) {
    const from = path.join(repository, folder);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, folder), { recursive: true });
  }
  const config = fs.readFileSync(path.join(repository, "site.toml"), "utf8");
  const switched = config.replace(/^theme\s*=.*$/m, `theme = "${theme}"`);
  if (!switched.includes(`theme = "${theme}"`)) throw new Error("site.toml has no theme line to switch");
  fs.writeFileSync(path.join(dir, "site.toml"), switched);
  return dir;
}

// Builds the repository's site with site.toml's theme switched; returns the
// output folder and its pages (paths relative to it, "index.html" first).
export function buildSite(theme, { offline = false } = {}) {
  const key = `${theme}:${offline}`;
  if (built.has(key)) return built.get(key);
  const dir = copySite(theme, "browser");
  const output = path.join(dir, "public");
  execFileSync(binary, ["build", "--strict", "--output", output, ...(offline ? ["--offline"] : [])], { cwd: dir, stdio: "pipe" });
  const pages = listFiles(output).filter((f) => f.endsWith(".html")).sort((a, b) => (a === "index.html" ? -1 : b === "index.html" ? 1 : a.localeCompare(b)));
  const site = { dir, output, pages };
  built.set(key, site);
  return site;
}

export function removeBuilt() {
  for (const site of built.values()) fs.rmSync(site.dir, { recursive: true, force: true });
  built.clear();
}

export function listFiles(root, prefix = "") {
  const out = [];
  for (const entry of fs.readdirSync(path.join(root, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(root, relative));
    else out.push(relative);
  }
  return out;
}

const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".xml": "application/xml", ".txt": "text/plain; charset=utf-8", ".png": "image/png", ".svg": "image/svg+xml",
  ".jpg": "image/jpeg", ".ico": "image/x-icon", ".json": "application/json",
};

// A static server for one folder on 127.0.0.1 at a free port, under basePath.
export async function serve(root) {
  const server = http.createServer((request, response) => {
    let pathname = decodeURIComponent(new URL(request.url, "http://127.0.0.1").pathname);
    if (!pathname.startsWith(basePath)) return notFound(root, response);
    let file = path.normalize(path.join(root, pathname.slice(basePath.length)));
    if (!file.startsWith(root)) return notFound(root, response);
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      if (!pathname.endsWith("/")) {
        response.writeHead(301, { Location: pathname + "/" });
        return response.end();
      }
      file = path.join(file, "index.html");
    }
    if (!fs.existsSync(file)) return notFound(root, response);
    response.writeHead(200, { "Content-Type": types[path.extname(file)] || "application/octet-stream" });
    response.end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (page) => origin + basePath + page.replace(/index\.html$/, ""),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function notFound(root, response) {
  response.writeHead(404, { "Content-Type": types[".html"] });
  const page = path.join(root, "404.html");
  response.end(fs.existsSync(page) ? fs.readFileSync(page) : "not found");
}

export const chromiumPath = process.env.HEALTHSITE_CHROMIUM || "/usr/bin/chromium";

export async function launchBrowser() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

// Records what a page asks for from anywhere but the test server, and every
// Content-Security-Policy report or script error, so a test can fail on them.
export function watchPage(page, origin) {
  const problems = [];
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(origin + "/") && !url.startsWith("file://") && !url.startsWith("data:")) problems.push(`request to another host: ${url}`);
  });
  page.on("console", (message) => {
    if (message.type() === "error" && !/404 \(Not Found\)/.test(message.text())) problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`script error: ${error.message}`));
  return problems;
}
