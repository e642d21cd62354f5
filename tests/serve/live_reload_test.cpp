// The live reload's news: which open pages a build concerns, and what a page
// served some builds ago has missed.
#include <catch2/catch.hpp>

#include <thread>

#include "generator/serve/live_reload.hpp"

namespace serve = healthsite::serve;
using Pages = std::vector<std::string>;

TEST_CASE("a build's files concern their own pages, shared files every page, data files none") {
    const auto pages = serve::page_changes({"404.html", "causes/index.html", "feed.xml", "search-index.js", "sitemap.xml"});
    CHECK_FALSE(pages.all);
    CHECK(pages.pages == Pages{"404.html", "causes/index.html"});
    CHECK(serve::page_changes({"robots.txt", ".nojekyll", "CNAME"}).pages.empty());
    CHECK_FALSE(serve::page_changes({"robots.txt", ".nojekyll", "CNAME"}).all);
    for (const char* shared : {"css/site.css", "js/search.js", "images/ankle.png", "fonts/a.woff2"}) {
        const auto changes = serve::page_changes({"faq/index.html", shared});
        CHECK(changes.all);
        CHECK(changes.pages.empty());
    }
}

TEST_CASE("too many changed pages to list reload every page") {
    Pages files;
    for (int i = 0; i < 300; ++i) files.push_back("p" + std::to_string(1000 + i) + "/index.html");
    CHECK(serve::page_changes(files).all);
    files.resize(150);
    CHECK(serve::page_changes(files).pages.size() == 150);
}

TEST_CASE("a page hears of every change since the generation it was served at") {
    serve::BuildNews news;
    news.publish_success(serve::page_changes({"index.html", "faq/index.html"}));  // 1
    news.publish_success(serve::page_changes({"about/index.html"}));              // 2
    news.publish_failure("content/faq.md:2:1: error: broken\n");                  // 3
    news.publish_success(serve::page_changes({"faq/index.html", "sitemap.xml"}));   // 4

    CHECK(news.generation() == 4);
    CHECK(news.since(4).changes.pages.empty());
    CHECK_FALSE(news.since(4).changes.all);
    CHECK(news.since(3).changes.pages == Pages{"faq/index.html"});
    CHECK(news.since(1).changes.pages == Pages{"about/index.html", "faq/index.html"});
    CHECK(news.since(0).changes.pages == Pages{"about/index.html", "faq/index.html", "index.html"});
    CHECK(news.since(4).ok);
    CHECK(news.since(2).errors.empty());  // the failure was mended

    news.publish_failure("content/faq.md:2:1: error: broken\n");  // 5
    const auto failed = news.since(4);
    CHECK_FALSE(failed.ok);
    CHECK(failed.errors == "content/faq.md:2:1: error: broken\n");
    CHECK(failed.changes.pages.empty());  // the output is as it was
}

TEST_CASE("a page from another run of the preview, or older than the builds remembered, reloads") {
    serve::BuildNews news;
    news.publish_success(serve::page_changes({"index.html"}));
    CHECK(news.since(7).changes.all);  // served by a preview that has stopped since
    for (int i = 0; i < 100; ++i) news.publish_success(serve::page_changes({}));
    CHECK(news.since(0).changes.all);
    CHECK_FALSE(news.since(90).changes.all);
    CHECK(news.since(90).changes.pages.empty());
}

TEST_CASE("waiting for news returns once a build lands, with what changed since") {
    serve::BuildNews news;
    news.publish_success({});
    std::thread builder([&] { news.publish_success(serve::page_changes({"faq/index.html"})); });
    const auto update = news.wait_after(1, std::chrono::seconds(10));
    builder.join();
    CHECK(update.generation == 2);
    CHECK(update.changes.pages == Pages{"faq/index.html"});
    news.stop();
    CHECK(news.wait_after(2, std::chrono::seconds(10)).stopping);
}

TEST_CASE("the script tag names the page and its generation, escaped, before </body>") {
    const auto html = serve::inject_script("<html><body><p>x</p></body></html>", "a\"b&c/index.html", 12);
    CHECK(html == "<html><body><p>x</p><script src=\"/__healthsite/live.js\" data-healthsite-page=\"a&quot;b&amp;c/index.html\" "
                  "data-healthsite-generation=\"12\" defer></script>\n</body></html>");
    CHECK(serve::inject_script("<p>no body</p>", "", 3).ends_with("data-healthsite-page=\"\" data-healthsite-generation=\"3\" defer></script>\n"));
}

TEST_CASE("an event carries the outcome and the pages, as JSON") {
    serve::BuildNews news;
    news.publish_success(serve::page_changes({"faq/index.html"}));
    CHECK(serve::event_for(news.since(0)) ==
          "event: build\ndata: {\"all\":false,\"errors\":\"\",\"generation\":1,\"ok\":true,\"pages\":[\"faq/index.html\"]}\n\n");
}
