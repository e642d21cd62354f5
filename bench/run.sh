#!/usr/bin/env bash
# Benchmark healthsite against Hugo on generated sites of N article pages.
#
#   bench/run.sh [N...]          (default: 1000 10000)
#
# For each N: generate a site (gen_site.py), then time, for both tools in the
# same run, a full build from clean, a no-op rebuild, a one-page body edit and
# a one-page title edit, plus the cmark-gfm floor (all bodies through one
# cmark-gfm process). Prints a Markdown table of medians and appends the raw
# numbers to $RESULTS.
#
# Environment:
#   HEALTHSITE       healthsite binary (default: bench/../build/healthsite);
#                    if missing, the healthsite columns are skipped
#   HUGO, CMARK      the other tools (default: hugo, cmark-gfm)
#   RUNS             timed runs per scenario (default 5)
#   LARGE_N          from this N on, full builds use LARGE_FULL_RUNS (10000)
#   LARGE_FULL_RUNS  timed full builds at N >= LARGE_N (default 3)
#   SEED             generator seed (default 1)
#   RESULTS          raw results file to append to (default bench/results.tsv)
#   BENCH_DIR        where the sites and outputs go (default /dev/shm if
#                    writable, else $TMPDIR or /tmp)
#   KEEP             1 keeps the generated sites and outputs in the temp folder
set -euo pipefail
export LC_ALL=C # EPOCHREALTIME must use "." as its decimal separator

here=$(cd "$(dirname "$0")" && pwd)
HEALTHSITE=${HEALTHSITE:-$here/../build/healthsite}
HUGO=${HUGO:-hugo}
CMARK=${CMARK:-cmark-gfm}
RUNS=${RUNS:-5}
LARGE_N=${LARGE_N:-10000}
LARGE_FULL_RUNS=${LARGE_FULL_RUNS:-3}
SEED=${SEED:-1}
RESULTS=${RESULTS:-$here/results.tsv}
KEEP=${KEEP:-0}
TIME=/usr/bin/time
CMARK_EXTENSIONS=(--extension table --extension strikethrough --extension autolink --extension tasklist)

if [[ $# -gt 0 ]]; then sizes=("$@"); else sizes=(1000 10000); fi

die() { echo "run.sh: $*" >&2; exit 1; }

[[ -x $TIME ]] || die "$TIME not found (apt-get install -y time)"
command -v "$HUGO" >/dev/null || die "hugo not found"
command -v "$CMARK" >/dev/null || die "cmark-gfm not found"
command -v python3 >/dev/null || die "python3 not found"
for size in "${sizes[@]}"; do
  [[ $size =~ ^[1-9][0-9]*$ ]] || die "not a page count: $size"
done

themes="$here/../themes"
have_hs=1
if [[ ! -x $HEALTHSITE ]]; then
  echo "run.sh: no healthsite binary at $HEALTHSITE (set HEALTHSITE); measuring Hugo and cmark-gfm only" >&2
  have_hs=0
elif [[ ! -d $themes ]]; then
  echo "run.sh: no themes folder at $themes; measuring Hugo and cmark-gfm only" >&2
  have_hs=0
else
  themes=$(cd "$themes" && pwd)
fi

# A tmpfs by default: on a virtual machine the cost of creating files on disk
# varies from run to run by more than the builds themselves take (Hugo at
# N=1000 spent 0.2 s or 1.5 s of system time for the same work), so tmpfs
# measures the tools rather than the disk. BENCH_DIR=/tmp includes the disk.
if [[ -z ${BENCH_DIR:-} ]]; then
  if [[ -d /dev/shm && -w /dev/shm ]]; then BENCH_DIR=/dev/shm; else BENCH_DIR=${TMPDIR:-/tmp}; fi
fi
work=$(mktemp -d "$BENCH_DIR/healthsite-bench.XXXXXX")
fs_type=$(stat -f -c %T "$work")
cleanup() {
  if [[ $KEEP == 1 ]]; then echo "run.sh: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

run_id=$(date -u +%Y%m%dT%H%M%SZ)
cpus=$(nproc)
commit=$(git -C "$here/.." rev-parse --short HEAD 2>/dev/null || echo unknown)
hugo_version=$("$HUGO" version | awk '{print $2}')
cmark_version=$("$CMARK" --version | awk 'NR == 1 {print $2}')
hs_version=none
if [[ $have_hs == 1 ]]; then
  hs_version=$("$HEALTHSITE" --version 2>/dev/null | head -n 1 || true)
  hs_version=${hs_version#healthsite }
  hs_version=${hs_version:-unknown}
fi

raw="$work/raw.tsv"
printf 'run_id\tcommit\tcpus\tfs\tn\ttool\tversion\tscenario\titeration\twall_ms\telapsed_ms\tmax_rss_kb\tfiles_written\n' >"$raw"

# measure OUT CMD...: runs CMD under /usr/bin/time -v, its output to OUT and
# its errors to a log, and sets m_wall_ms, m_elapsed_ms and m_rss_kb.
# "Elapsed (wall clock)" from time -v has 10 ms resolution, too coarse for
# no-op rebuilds, so the reported wall time is taken with EPOCHREALTIME around
# the same process (which adds the fork and exec of /usr/bin/time itself,
# well under a millisecond); the time -v value is kept in the raw results.
measure() {
  local out=$1 log="$work/command.log" tv="$work/time.txt" t0 t1 us
  shift
  t0=${EPOCHREALTIME/./}
  if ! "$TIME" -v -o "$tv" "$@" >"$out" 2>"$log"; then
    echo "run.sh: command failed: $*" >&2
    if [[ -f $out ]]; then cat "$out" >&2; fi
    cat "$log" >&2
    head -n 1 "$tv" >&2 # how it ended: exit status or signal
    exit 1
  fi
  t1=${EPOCHREALTIME/./}
  us=$((t1 - t0))
  m_wall_ms=$(printf '%d.%03d' $((us / 1000)) $((us % 1000)))
  m_elapsed_ms=$(awk -F': ' '/Elapsed \(wall clock\)/ {
      n = split($2, f, ":"); s = 0
      for (i = 1; i <= n; i++) s = s * 60 + f[i]
      printf "%.0f", s * 1000 }' "$tv")
  m_rss_kb=$(awk '/Maximum resident set size/ {print $NF}' "$tv")
}

# record TOOL VERSION SCENARIO ITERATION FILES: one raw line for the last
# measure at the current size.
record() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run_id" "$commit" "$cpus" "$fs_type" \
    "$n" "$1" "$2" "$3" "$4" "$m_wall_ms" "$m_elapsed_ms" "$m_rss_kb" "$5" >>"$raw"
}

# Files in DIR modified after the marker: what the last rebuild wrote.
count_written() { find "$1" -type f -newer "$work/marker" | wc -l; }
count_all() { find "$1" -type f | wc -l; }

# Touched before a rebuild. Kernel file timestamps are coarse (a clock tick),
# so wait a little: a file written in the same tick as the marker would not
# count as newer.
set_marker() {
  touch "$work/marker"
  sleep 0.05
}

# Paths and commands for the current size; set by setup_size.
n=0 site='' hs_src='' hugo_src='' hs_out='' hugo_out='' hs_cache='' hugo_cache='' all_md=''
hs_cmd=() hugo_cmd=()

setup_size() {
  n=$1
  local dir="$work/n$n"
  site="$dir/site" hs_src="$dir/site/healthsite" hugo_src="$dir/site/hugo"
  hs_out="$dir/out-healthsite" hugo_out="$dir/out-hugo"
  hs_cache="$dir/cache-healthsite" hugo_cache="$dir/cache-hugo"
  all_md="$dir/all.md"
  # XDG_CACHE_HOME points into the work folder so that a clean build cannot
  # reuse state kept in the user's cache.
  hs_cmd=(env "XDG_CACHE_HOME=$hs_cache" "$HEALTHSITE" build --source "$hs_src" --output "$hs_out")
  hugo_cmd=("$HUGO" --source "$hugo_src" --destination "$hugo_out" --cacheDir "$hugo_cache" --quiet)

  echo "== N=$n: generating site" >&2
  python3 "$here/gen_site.py" "$n" "$site" --seed "$SEED" >&2
  if [[ $have_hs == 1 ]]; then ln -s "$themes" "$hs_src/themes"; fi
  # Concatenate once so that cat is not part of the floor measurement.
  find "$site/markdown" -name '*.md' -print0 | sort -z | xargs -0 cat >"$all_md"
}

clean_healthsite() {
  rm -rf "$hs_out" "$hs_cache"
  # Anything a build left in the source folder (build state) goes too.
  find "$hs_src" -mindepth 1 -maxdepth 1 ! -name site.toml ! -name content ! -name themes \
    -exec rm -rf {} +
}

clean_hugo() { rm -rf "$hugo_out" "$hugo_cache" "$hugo_src/resources" "$hugo_src/.hugo_build.lock"; }

# rebuild SCENARIO ITERATION: time a rebuild by each tool over its last output.
rebuild() {
  if [[ $have_hs == 1 ]]; then
    set_marker
    measure "$work/command.out" "${hs_cmd[@]}"
    record healthsite "$hs_version" "$1" "$2" "$(count_written "$hs_out")"
  fi
  set_marker
  measure "$work/command.out" "${hugo_cmd[@]}"
  record hugo "$hugo_version" "$1" "$2" "$(count_written "$hugo_out")"
}

# edit_both CMD ARGS...: apply the same edit (CMD ARGS... FILE) to one page,
# in the middle of the site, in both sources.
edit_both() {
  local page src
  page="content/articles/$(printf 'page-%05d.md' $(((n + 1) / 2)))"
  for src in "$hs_src" "$hugo_src"; do "$@" "$src/$page"; done
}

# prepend_sentence K FILE: a new first sentence, different for each K, at the
# start of the body's first paragraph: where an edit also changes what the
# search index holds of the page (the start of its text), as most edits do.
prepend_sentence() {
  awk -v k="$1" 'fences == 2 && !done && NF > 0 { $0 = "Bench edit " k ": a short walk before bed eased the ache. " $0; done = 1 }
                 /^\+\+\+$/ { fences++ }
                 { print }' "$2" >"$2.edit" && mv "$2.edit" "$2"
}
# change_title K FILE: only the first "title =" line, the front matter's own.
change_title() { sed -i "0,/^title = /s/^title = .*/title = \"Edited title $1\"/" "$2"; }

bench_size() {
  local i full_runs=$RUNS
  if (($1 >= LARGE_N)); then full_runs=$LARGE_FULL_RUNS; fi
  setup_size "$1"

  echo "== N=$n: cmark-gfm floor" >&2
  for ((i = 1; i <= RUNS; i++)); do
    measure /dev/null "$CMARK" "${CMARK_EXTENSIONS[@]}" "$all_md"
    record cmark-gfm "$cmark_version" floor "$i" -
  done

  echo "== N=$n: full builds ($full_runs runs)" >&2
  for ((i = 1; i <= full_runs; i++)); do
    if [[ $have_hs == 1 ]]; then
      clean_healthsite
      measure "$work/command.out" "${hs_cmd[@]}"
      record healthsite "$hs_version" full "$i" "$(count_all "$hs_out")"
    fi
    clean_hugo
    measure "$work/command.out" "${hugo_cmd[@]}"
    record hugo "$hugo_version" full "$i" "$(count_all "$hugo_out")"
  done

  echo "== N=$n: no-op rebuilds" >&2
  for ((i = 1; i <= RUNS; i++)); do rebuild noop "$i"; done

  # Each run makes a new edit, so that every rebuild has a real change.
  echo "== N=$n: body edits" >&2
  for ((i = 1; i <= RUNS; i++)); do
    edit_both prepend_sentence "$i"
    rebuild body-edit "$i"
  done

  echo "== N=$n: title edits" >&2
  for ((i = 1; i <= RUNS; i++)); do
    edit_both change_title "$i"
    rebuild title-edit "$i"
  done

  if [[ $KEEP != 1 ]]; then rm -rf "$work/n$n"; fi
}

for size in "${sizes[@]}"; do bench_size "$size"; done

python3 "$here/report.py" "$raw"

if [[ ! -s $RESULTS ]]; then head -n 1 "$raw" >"$RESULTS"; fi
tail -n +2 "$raw" >>"$RESULTS"
echo "run.sh: raw numbers appended to $RESULTS (run $run_id)" >&2
