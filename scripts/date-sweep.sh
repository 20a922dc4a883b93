#!/usr/bin/env bash
# The date sweep (issue 17): the tests that depend on today's date (marker date_sensitive, see
# DATE_SENSITIVE in tests/conftest.py) run once per date below, with the clock moved there by
# time-machine (tests/conftest.py reads SWEEP_DATE). Every date runs, failed or not; the sweep
# fails if any date failed, and says which.
#
#   scripts/date-sweep.sh [pytest arguments]      every date (make test-dates)
#   SWEEP_DATES="2028-02-29 2027-12-31T23:30Z" scripts/date-sweep.sh
#   SWEEP_SKIP_TODAY=1 scripts/date-sweep.sh        the leap day (make test)
#
# A date alone is noon in Oslo; a time without an offset is Oslo's wall clock; Z or +01:00 an
# instant. "today" runs on the real clock. DATABASE_URL and TEST_REDIS_URL as for `make test`.
set -uo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
DEFAULT_DATES=(
  today
  2027-02-28          # the end of February in a common year
  2028-02-29          # a leap day: "N years ago" and "in N months" do not exist on it
  2027-03-31          # a month end that the next months lack (31 -> 30 April, 28 February)
  2027-06-30          # the end of a half-year
  2027-12-31          # the end of the year
  2027-12-31T23:30Z   # 1 January 00:30 in Oslo, while UTC is still in the old year
  2027-03-28T00:58Z   # the last Sunday of March: Oslo's clocks jump 02:00 -> 03:00 at 01:00Z
  2027-10-31T00:58Z   # the last Sunday of October: Oslo's clocks fall 03:00 -> 02:00 at 01:00Z
)
if [[ -n "${SWEEP_DATES:-}" ]]; then
  read -r -a DATES <<<"$SWEEP_DATES"
elif [[ "${SWEEP_SKIP_TODAY:-}" == 1 ]]; then
  # make test: the whole suite has just run on the real today. To keep CI's run well under
  # 30 minutes, it sweeps the date that breaks the most date arithmetic: the leap day ("N
  # years ago" and "in N months" do not exist on it). The other seven, new year's night in
  # Oslo among them, are left to `make test-dates` (run it before a release, and after
  # changing date code); tests/test_demo_rules.py loads the demo at those instants in the
  # suite itself.
  DATES=(2028-02-29)
else
  DATES=("${DEFAULT_DATES[@]}")
fi

failed=()
started=$SECONDS
for when in "${DATES[@]}"; do
  t0=$SECONDS
  echo "== date sweep: SWEEP_DATE=$when"
  # --reuse-db: the test databases are built once (by the suite before, in `make test`, or by
  # the first date) and migrated forward when stale; each date only runs its tests.
  if SWEEP_DATE=$when "$PY" -m pytest -n 2 --reuse-db -q \
    -m "date_sensitive and not slow and not browser" "$@"; then
    echo "== $when: passed in $((SECONDS - t0)) s"
  else
    echo "== $when: FAILED in $((SECONDS - t0)) s"
    failed+=("$when")
  fi
done
echo "== date sweep: ${#DATES[@]} dates in $((SECONDS - started)) s"
if ((${#failed[@]})); then
  echo "== date sweep failed on: ${failed[*]}" >&2
  echo "   rerun one with: SWEEP_DATES=${failed[0]} make test-dates" >&2
  exit 1
fi
