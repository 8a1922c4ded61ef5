# Nightly normtool run: clean the day's copy, then deduplicate it against
# everything seen before (a persistent index).  From cron:
#
#   15 2 * * *  cd /srv/news && make -s -f nightly.mk >> logs/nightly.log 2>&1
#
# Why it is written this way:
# * Each step writes its own file with -o, so a step that fails fails the
#   night (in `clean | dedup -` the pipe's status would be dedup's alone).
# * Recipes run in bash with `-o pipefail` anyway, for any pipe you add.
# * .DELETE_ON_ERROR: a failed recipe's target is removed, so the next run
#   does the night again instead of taking a half-made file for done.
# * Every folder a step writes to is created by that step.
# * Re-running a night is safe: articles the index already holds are written
#   again exactly as the first run wrote them.
#
# Settings (make -f nightly.mk VAR=value, or the environment):
NORMTOOL ?= normtool
DAY      ?= $(shell date +%F)
INCOMING ?= incoming
STATE    ?= state
# the index: an SQLite file, or redis://index-host:6379/0 when machines share it
INDEX    ?= $(STATE)/feed.db
JOBS     ?= 4
MAX_AGE  ?= 30

SHELL       := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.SUFFIXES:

CLEAN   := clean/$(DAY).jsonl
REJECTS := clean/$(DAY).rejects.jsonl
CORPUS  := corpus/$(DAY).jsonl
REPORT  := reports/$(DAY).jsonl

.PHONY: nightly
nightly: $(CORPUS)

$(CLEAN): $(INCOMING)/$(DAY)
	@mkdir -p $(@D)
	$(NORMTOOL) clean $< -o $@ --jobs $(JOBS) --on-error skip --rejects $(REJECTS) -q

$(CORPUS): $(CLEAN)
	@mkdir -p $(@D) $(dir $(REPORT)) $(if $(findstring ://,$(INDEX)),,$(dir $(INDEX)))
	$(NORMTOOL) dedup $< --index $(INDEX) --lock-timeout 600 --max-age $(MAX_AGE) \
	    --jobs $(JOBS) -o $@ --report $(REPORT) -q
