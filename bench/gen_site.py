#!/usr/bin/env python3
"""Generate a deterministic synthetic health site for benchmarking.

Usage: gen_site.py N OUTDIR [--seed S]

Writes the same N article bodies in three forms:

  OUTDIR/healthsite/  site.toml + content/ for healthsite (links to .md sources)
  OUTDIR/hugo/        config.toml + content/ + layouts/ for Hugo (links to URLs)
  OUTDIR/markdown/    the bare bodies, no front matter, for the cmark-gfm floor

Every page is generated from its own random stream (seeded by the seed and the
page number), so page k has the same headings and prose whatever N is; only
the targets of its links depend on N. The output is byte-identical between
runs with the same arguments.
"""

import argparse
import os
import random
import re
import sys

# ---------------------------------------------------------------------------
# Vocabulary. Heading text is built only from letters, digits, single spaces
# and a final "?", so healthsite's heading ids (lowercase, runs of
# non-[a-z0-9] become one hyphen, trimmed) and Hugo's GitHub-style ids agree.
# ---------------------------------------------------------------------------

PARTS = [
    "calf", "thigh", "ankle", "foot", "knee", "hip", "shin", "toe", "heel",
    "lower back", "hamstring", "buttock",
]

# Shared symptom vocabulary: small on purpose, so symptoms overlap between
# pages and the symptom index has real fan-in.
SYMPTOMS = [
    "aching", "burning", "cramping", "tingling", "numbness", "swelling",
    "throbbing", "heaviness", "restlessness", "stiffness", "sharp pain",
    "dull ache", "itching", "weakness", "pins and needles", "tenderness",
    "warmth", "pale skin", "night cramps", "shooting pain",
]

EASED_BY = [
    "walking about", "stretching the calf", "raising the legs",
    "hanging the legs over the bed", "a warm bath", "gentle massage",
    "changing position", "compression stockings", "drinking water", "resting",
    "a cool compress", "bending the knees",
]

WORSE_WITH = [
    "lying flat", "long periods of standing", "sitting still", "cold weather",
    "raising the legs", "caffeine", "alcohol", "tight shoes", "walking uphill",
    "late evenings", "dehydration",
]

URGENCY = ["self-care", "see-a-doctor", "urgent"]

TAGS = [
    "circulation", "nerves", "muscles", "joints", "sleep", "veins", "arteries",
    "cramps", "swelling", "exercise", "medicines", "pregnancy", "diabetes",
    "older-adults", "children", "posture", "diet", "hydration", "skin",
    "feet", "back", "hips", "knees", "night", "diagnosis", "self-care",
    "urgent-care", "travel", "work", "women",
]

CONDITION_ADJ = [
    "Nocturnal", "Venous", "Arterial", "Muscular", "Nerve related",
    "Postural", "Chronic", "Exercise related", "Positional", "Seasonal",
    "Inflammatory", "Restless",
]
COMPLAINTS = [
    "cramp", "ache", "swelling", "burning", "stiffness", "pain", "numbness",
    "heaviness", "twitching", "tingling",
]

TOPICS = [
    "Why it happens at night", "Sleep and posture", "Diet and hydration",
    "Exercise and stretching", "Medicines to review", "Keeping a symptom diary",
    "Talking to your doctor", "Tests you may be offered",
    "Footwear and support", "Work and long journeys", "Pregnancy and leg pain",
    "Children and growing pains", "Older age and circulation",
    "Warning signs to watch for", "Simple things to try tonight",
    "How the legs move blood", "What the nerves are telling you",
    "When rest does not help",
]
SUBTOPICS = [
    "A closer look", "What the research says", "Common myths",
    "Practical steps", "Questions to ask", "What to expect",
]

PEOPLE = [
    "Many people", "Some adults", "Older adults", "People who stand at work",
    "Runners", "Pregnant women", "People with diabetes", "Shift workers",
    "Office workers", "Some teenagers", "People who smoke",
    "Those who sleep on their front",
]
TIMES = [
    "at night", "in the early hours", "after a long day", "when lying flat",
    "soon after going to bed", "just before sleep", "on waking",
    "after exercise", "during a long journey", "in cold weather",
]
PROFESSIONALS = [
    "a GP", "a practice nurse", "a pharmacist", "a physiotherapist",
    "a foot specialist", "a vascular nurse",
]
TESTS = [
    "a blood test", "an ankle pressure check", "an ultrasound scan",
    "a nerve conduction study", "a simple walking test",
    "a check of iron levels",
]
CAUSES = [
    "tired muscles", "low iron", "narrowed arteries", "leaky vein valves",
    "a trapped nerve", "dehydration", "low magnesium",
    "poor sleep", "an old injury", "a side effect of a medicine",
]
ADVERBS = ["often", "sometimes", "usually", "rarely", "gradually", "suddenly"]
DURATIONS = [
    "a few minutes", "an hour or so", "most of the night", "a few seconds",
    "several weeks",
]
FEELINGS = [
    "worrying", "tiring", "frustrating", "harmless", "uncomfortable",
    "disruptive",
]

SENTENCES = [
    "{person} {adverb} notice {symptom} in the {part} {time}.",
    "The {symptom} can last for {duration} and may feel {feeling}.",
    "{Cause} is one of the more common reasons for {symptom} {time}.",
    "If {symptom} keeps coming back, try {remedy} for a week and see whether it helps.",
    "It is worth speaking to {professional} when {symptom} is new, severe or only on one side.",
    "{Professional} may suggest {test} to look for {cause}.",
    "{Remedy} helps some people, while others find that {trigger} makes things worse.",
    "A short diary of when the {part} hurts, what you were doing and how long it lasted is useful at an appointment.",
    "Most of the time the cause is {cause}, which {adverb} improves with simple changes.",
    "Pain that wakes you every night is different from a {part} that aches now and then.",
    "Anyone who notices {symptom} together with {symptom2} should mention both.",
    "{Trigger} tends to make {symptom} worse {time}.",
    "Keeping the bedroom warm and the covers loose can reduce {symptom} in the {part}.",
    "There is no single test for {symptom}, so the history you give matters a great deal.",
    "Some medicines list {symptom} as a side effect, and {professional} can check yours.",
    "The {part} has many small muscles, and {cause} can make them cramp {time}.",
    "A sudden change, such as a swollen and warm {part}, needs a same day assessment.",
    "{person} {adverb} find that {remedy} eases the {symptom} within {duration}.",
    "Write down the times when {symptom} starts, because patterns are easier to spot on paper.",
    "Gentle activity during the day often means fewer problems {time}.",
    "Sleep can suffer when {symptom} keeps you awake, and tiredness makes the pain feel worse.",
    "On its own, {symptom} in the {part} is rarely a sign of something serious.",
    "If you also have a fever, chest pain or shortness of breath, get urgent help straight away.",
    "Checking the feet for cuts, colour changes and cold spots is a good habit.",
    "Small changes, like {remedy} before bed, are cheap and safe to try.",
    "{Cause} can be confirmed with {test}, which is quick and usually painless.",
    "{person} tend to describe the feeling as {symptom} rather than pain.",
    "The pattern matters more than the strength of the {symptom}.",
    "When {trigger} is hard to avoid, {remedy} may take the edge off the {symptom}.",
    "Nobody should put up with {symptom} that stops them sleeping for {duration}.",
    "Blood flow, nerves and muscles all play a part, and {cause} affects each of them.",
    "It can take {duration} for the {part} to settle after {trigger}.",
]

BULLETS = [
    "{Symptom} in the {part} {time}",
    "{Remedy} for ten minutes before bed",
    "Avoid {trigger} where you can",
    "Ask {professional} about {test}",
    "Note how long the {symptom} lasts",
    "Check whether {cause} could be involved",
    "{Symptom} that spreads beyond the {part}",
    "A change in one {part} but not the other",
]

QUESTIONS = [
    "Is {symptom} in the {part} serious?",
    "How long does {symptom} usually last?",
    "Can {remedy} help with {symptom}?",
    "Should I see {professional} about {symptom}?",
    "Why is {symptom} worse {time}?",
    "Does {trigger} make {symptom} worse?",
    "Could {cause} explain {symptom} in my {part}?",
    "What test shows {cause}?",
]

LINK_SENTENCES = [
    "For a related problem, see [{text}]({href}).",
    "[{Text}]({href}) explains this in more detail.",
    "There is more about {symptom} in [{text}]({href}).",
    "Readers with {symptom} in the {part} may also want to read [{text}]({href}).",
]


def slugify(text):
    """Heading id as healthsite computes it (see the module docstring)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_array(items):
    return "[" + ", ".join(toml_str(i) for i in items) + "]"


def cap(s):
    return s[:1].upper() + s[1:]


def page_name(k):
    return "page-%05d" % k


class Plan:
    """The parts of a page other pages need before its body is written:
    its title, conditions and heading ids (targets of anchor links)."""

    def __init__(self, k, seed):
        rng = random.Random("plan-%d-%d" % (seed, k))
        part = rng.choice(PARTS)
        complaint = rng.choice(COMPLAINTS)
        self.title = "%s %s %s (%d)" % (cap(part), complaint, rng.choice(TIMES), k)
        self.part = part
        self.conditions = []
        names = set()
        for _ in range(rng.randint(1, 3)):
            while True:
                name = "%s %s %s" % (rng.choice(CONDITION_ADJ),
                                     rng.choice(PARTS), rng.choice(COMPLAINTS))
                if name not in names:
                    break
            names.add(name)
            self.conditions.append({
                "name": name,
                "anchor": slugify(name),
                "symptoms": rng.sample(SYMPTOMS, rng.randint(2, 5)),
                "eased_by": rng.sample(EASED_BY, rng.randint(1, 3)),
                "worse_with": rng.sample(WORSE_WITH, rng.randint(1, 3)),
                "urgency": rng.choice(URGENCY),
            })
        self.topics = rng.sample(TOPICS, rng.randint(2, 3))
        # One topic gets a ### subsection; its text is unique within the page
        # because it names the topic. ": " is safe in headings: healthsite
        # turns it into one hyphen, GitHub-style ids drop the colon.
        self.subtopic = "%s: %s" % (self.topics[0], rng.choice(SUBTOPICS).lower())
        self.tags = sorted(rng.sample(TAGS, rng.randint(2, 4)))
        self.weight = k
        self.anchors = ([c["anchor"] for c in self.conditions]
                        + [slugify(t) for t in self.topics]
                        + [slugify(self.subtopic), "symptoms-at-a-glance",
                           "frequently-asked-questions"])


class Writer:
    """Writes one page body with its own random stream."""

    def __init__(self, k, n, seed, plans):
        self.k, self.n, self.plans = k, n, plans
        self.rng = random.Random("body-%d-%d" % (seed, k))
        self.plan = plans[k]
        # Links are emitted in both forms at once: healthsite points at the
        # .md source, Hugo at the output URL of the same page.
        self.hs, self.hugo = [], []
        self.link_budget = self.rng.randint(5, 10)

    def fill(self, template):
        r = self.rng
        symptom, symptom2 = r.sample(SYMPTOMS, 2)
        values = {
            "person": r.choice(PEOPLE), "adverb": r.choice(ADVERBS),
            "symptom": symptom, "symptom2": symptom2, "part": r.choice(PARTS),
            "time": r.choice(TIMES), "duration": r.choice(DURATIONS),
            "feeling": r.choice(FEELINGS), "cause": r.choice(CAUSES),
            "remedy": r.choice(EASED_BY), "trigger": r.choice(WORSE_WITH),
            "professional": r.choice(PROFESSIONALS), "test": r.choice(TESTS),
        }
        for key in list(values):
            values[cap(key)] = cap(values[key])
        return template.format(**values)

    def emit(self, text, hugo_text=None):
        self.hs.append(text)
        self.hugo.append(text if hugo_text is None else hugo_text)

    def paragraph(self, sentences, link=False):
        parts = [self.fill(self.rng.choice(SENTENCES)) for _ in range(sentences)]
        hs_parts, hugo_parts = list(parts), list(parts)
        if link and self.link_budget > 0 and self.n > 1:
            self.link_budget -= 1
            hs_link, hugo_link = self.link_sentence()
            pos = self.rng.randint(1, len(parts))
            hs_parts.insert(pos, hs_link)
            hugo_parts.insert(pos, hugo_link)
        self.emit(" ".join(hs_parts) + "\n", " ".join(hugo_parts) + "\n")

    def link_sentence(self):
        r = self.rng
        target = r.randint(1, self.n - 1)
        if target >= self.k:
            target += 1  # never link to self
        plan = self.plans[target]
        anchor = r.choice(plan.anchors) if r.random() < 0.4 else None
        text = r.choice([plan.title, "the article on %s" % plan.title.lower(),
                         plan.conditions[0]["name"].lower()])
        hs_href = page_name(target) + ".md" + ("#" + anchor if anchor else "")
        hugo_href = "../%s/%s" % (page_name(target), "#" + anchor if anchor else "")
        template = r.choice(LINK_SENTENCES)
        extra = {"symptom": r.choice(SYMPTOMS), "part": r.choice(PARTS),
                 "text": text, "Text": cap(text)}
        return (template.format(href=hs_href, **extra),
                template.format(href=hugo_href, **extra))

    def bullets(self, count):
        items = [self.fill(self.rng.choice(BULLETS)) for _ in range(count)]
        self.emit("".join("- %s\n" % item for item in items))

    def heading(self, level, text, explicit_id=None):
        suffix = " {#%s}" % explicit_id if explicit_id else ""
        self.emit("%s %s%s\n" % ("#" * level, text, suffix))

    def table(self):
        self.heading(2, "Symptoms at a glance")
        self.emit("| Condition | Main symptoms | Eased by | Worse with | Urgency |\n"
                  "| --- | --- | --- | --- | --- |")
        for c in self.plan.conditions:
            self.emit("| %s | %s | %s | %s | %s |" % (
                c["name"], ", ".join(c["symptoms"]), ", ".join(c["eased_by"]),
                ", ".join(c["worse_with"]), c["urgency"]))
        self.emit("")

    def faq(self):
        self.heading(2, "Frequently asked questions")
        seen = set()
        for _ in range(self.rng.randint(3, 4)):
            while True:
                q = self.fill(self.rng.choice(QUESTIONS))
                if slugify(q) not in seen and slugify(q) not in self.plan.anchors:
                    break
            seen.add(slugify(q))
            self.heading(3, q)
            for _ in range(self.rng.randint(1, 2)):
                self.paragraph(self.rng.randint(2, 3), link=True)

    def write(self):
        r, plan = self.rng, self.plan
        self.paragraph(4, link=True)
        self.paragraph(3)
        for c in plan.conditions:
            self.heading(2, c["name"], c["anchor"])
            self.paragraph(4, link=True)
            self.emit("Signs that point this way include:\n")
            self.bullets(r.randint(3, 5))
            self.paragraph(3)
        for i, topic in enumerate(plan.topics):
            self.heading(2, topic)
            self.paragraph(r.randint(3, 4), link=True)
            self.paragraph(r.randint(2, 3))
            if i == 0:
                self.heading(3, plan.subtopic)
                self.paragraph(r.randint(2, 3), link=True)
                self.bullets(r.randint(3, 4))
        self.table()
        self.faq()
        # Spend links the sections above did not use, so every page has 5-10.
        while self.link_budget > 0:
            self.paragraph(2, link=True)
        return "\n".join(self.hs), "\n".join(self.hugo)


def front_matter(plan, description):
    lines = [
        "+++",
        "title = " + toml_str(plan.title),
        "description = " + toml_str(description),
        "weight = %d" % plan.weight,
        "tags = " + toml_array(plan.tags),
        "last_reviewed = 2026-01-15",
        "next_review = 2027-01-15",
        'reviewed_by = "Bench reviewer"',
    ]
    for c in plan.conditions:
        lines += [
            "",
            "[[conditions]]",
            "name = " + toml_str(c["name"]),
            "anchor = " + toml_str(c["anchor"]),
            "symptoms = " + toml_array(c["symptoms"]),
            "eased_by = " + toml_array(c["eased_by"]),
            "worse_with = " + toml_array(c["worse_with"]),
            "urgency = " + toml_str(c["urgency"]),
        ]
    lines.append("+++")
    return "\n".join(lines) + "\n\n"


HEALTHSITE_CONFIG = """\
title = "Bench site"
description = "Synthetic health articles"
base_url = "https://example.org/"
language = "en"
theme = "default"
"""

# Goldmark extensions are set to the ones cmark-gfm is run with (table,
# strikethrough, autolink, tasklist); Hugo's extra defaults are switched off.
# Sections, tags and term pages get HTML only; the home page also has a feed,
# capped like a typical site feed rather than listing every page.
HUGO_CONFIG = """\
baseURL = "https://example.org/"
title = "Bench site"
languageCode = "en"

[params]
  description = "Synthetic health articles"

[taxonomies]
  tag = "tags"

[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML"]

[services.rss]
  limit = 20

[markup.goldmark.renderer]
  unsafe = false

[markup.goldmark.parser]
  autoHeadingID = true
  autoHeadingIDType = "github"

[markup.goldmark.parser.attribute]
  title = true

[markup.goldmark.extensions]
  definitionList = false
  footnote = false
  typographer = false
  linkify = true
  strikethrough = true
  table = true
  taskList = true

[markup.tableOfContents]
  startLevel = 2
  endLevel = 3
  ordered = false
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} | {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
<nav><a href="{{ "" | relURL }}">Home</a> <a href="{{ "articles/" | relURL }}">Articles</a> <a href="{{ "tags/" | relURL }}">Tags</a></nav>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
""",
    "_default/single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="review">Last reviewed {{ .Params.last_reviewed }} by {{ .Params.reviewed_by }}. Next review due {{ .Params.next_review }}.</p>
<nav class="toc" aria-label="Contents">{{ .TableOfContents }}</nav>
{{ .Content }}
{{ with .Params.conditions }}
<section class="conditions">
<h2>Conditions on this page</h2>
<ul>
{{ range . }}<li><a href="#{{ .anchor }}">{{ .name }}</a> ({{ .urgency }}): {{ delimit .symptoms ", " }}</li>
{{ end }}</ul>
</section>
{{ end }}
{{ with .GetTerms "tags" }}
<ul class="tags">
{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
{{ end }}</ul>
{{ end }}
</article>
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Description }}: {{ . }}{{ end }}</li>
{{ end }}</ul>
{{ end }}
""",
    "_default/terms.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
""",
    "index.html": """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ .Content }}
<ul>
{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }} pages)</li>
{{ end }}</ul>
{{ end }}
""",
}

HOME_INDEX = """\
+++
title = "Bench site"
description = "Synthetic health articles"
+++

A synthetic site of health articles, generated for benchmarking.
"""

SECTION_INDEX = """\
+++
title = "Articles"
description = "All synthetic articles"
weight = 1
+++

Every article on this site, in order.
"""


def write_file(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def generate(n, outdir, seed):
    plans = [None] + [Plan(k, seed) for k in range(1, n + 1)]
    hs_root = os.path.join(outdir, "healthsite")
    hugo_root = os.path.join(outdir, "hugo")
    md_root = os.path.join(outdir, "markdown")

    write_file(os.path.join(hs_root, "site.toml"), HEALTHSITE_CONFIG)
    write_file(os.path.join(hugo_root, "config.toml"), HUGO_CONFIG)
    for rel, text in HUGO_LAYOUTS.items():
        write_file(os.path.join(hugo_root, "layouts", rel), text)
    for root in (hs_root, hugo_root):
        write_file(os.path.join(root, "content", "_index.md"), HOME_INDEX)
        write_file(os.path.join(root, "content", "articles", "_index.md"), SECTION_INDEX)

    words = 0
    for k in range(1, n + 1):
        writer = Writer(k, n, seed, plans)
        description = writer.fill(writer.rng.choice(SENTENCES))
        hs_body, hugo_body = writer.write()
        fm = front_matter(plans[k], description)
        name = page_name(k) + ".md"
        write_file(os.path.join(hs_root, "content", "articles", name), fm + hs_body)
        write_file(os.path.join(hugo_root, "content", "articles", name), fm + hugo_body)
        write_file(os.path.join(md_root, name), hs_body)
        words += len(hs_body.split())
    return words


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of article pages")
    parser.add_argument("outdir", help="output folder (must not exist or be empty)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    if os.path.isdir(args.outdir) and os.listdir(args.outdir):
        parser.error("%s is not empty" % args.outdir)
    words = generate(args.n, args.outdir, args.seed)
    print("Generated %d pages (%d words, %d per page) in %s"
          % (args.n, words, words // args.n, args.outdir))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
