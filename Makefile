# serverlab.course — two commands do everything on a fresh machine:
#   make lab    build a lab VM container, converge it to the latest day (DAY=N to stop at N), evaluate it
#               (TOPOLOGY=relay-store: the mail store h2g and its relays, inventories/relay-store)
#   make test   unit tests, ansible-lint, ansible-test sanity, collection build, every Molecule scenario, the classroom drill
#   (instructors: make classroom N=5, make classroom-destroy; figures: make bench; flake hunt: make soak)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/collections
export PYTHONDONTWRITEBYTECODE := 1
export ANSIBLE_FORCE_COLOR ?= 0

MITOGEN := build/mitogen
# Mitogen, the opt-in speed-up (ansible.cfg itself runs stock Ansible): every module runs in one persistent
# Python per host instead of a new one per task; the whole-VM re-run goes from about 2 minutes to 45 s.
# It accelerates ssh and `docker` (not the long name community.docker.docker); other connections fall
# back to Ansible's own. ansible-core 2.19 warns about third-party strategies. On for the targets that
# converge lab VMs; Molecule keeps its own linear runs. ANSIBLE_STRATEGY=linear make lab runs without it.
MITOGEN_TARGETS := lab classroom fleet bench proxytest
$(MITOGEN_TARGETS): export ANSIBLE_STRATEGY_PLUGINS := $(CURDIR)/$(MITOGEN)/strategy
$(MITOGEN_TARGETS): export ANSIBLE_STRATEGY ?= mitogen_linear
LAB_NAME ?= serverlab-h2g
LAB_FQDN ?= h2g.example.com
LAB_ADDR ?= 192.168.0.10
DAY ?=
# A lab of several VMs: inventories/local plus inventories/$(TOPOLOGY) (tools/labtopology).
TOPOLOGY ?=
DAY_ARG := $(if $(DAY),-e lab_day=$(DAY),)
EVAL_ARG := $(if $(DAY),--day 6-$(DAY),)
SCENARIOS := $(notdir $(patsubst %/molecule.yml,%,$(wildcard molecule/*/molecule.yml)))

.PHONY: help venv link unit lint sanity build changelog compat labhost proxy proxytest molecule soak fleet pull test lab lab-destroy bench classroom classroom-destroy clean

help:
	@sed -n '2,5p' Makefile | sed 's/^# \{0,1\}//'

venv: $(VENV)/.installed
# requirements-dev.txt (the tool chain) includes requirements.txt (the collection's runtime needs).
$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

link: $(MITOGEN)

# The Mitogen strategy is loaded from here (its place in the venv depends on the Python version).
$(MITOGEN): $(VENV)/.installed
	mkdir -p build
	ln -sfn "$$($(BIN)/python -c 'import ansible_mitogen, os; print(os.path.dirname(ansible_mitogen.__file__))')/plugins" $@

# The unit tests also compare our parsers with the real tools (named-checkzone, tcprules) and give every
# rendered configuration to its daemon's own checker; a skip fails unless its reason starts "platform:".
unit: venv link
	tools/labhost tools
	$(BIN)/python -m pytest -q -rs tests/unit

lint: venv link
	$(BIN)/ansible-lint --offline --profile production

# ansible-test sanity, every test that runs offline, on a copy of the tree at build/sanity/ansible_collections/
# serverlab/course, each test in its own virtualenv (tools/sanity says why, and bootstraps pip without the
# download ansible-test would make). Its ignores: tests/sanity/ignore-2.19.txt.
sanity: venv
	tools/sanity

# The built tarball must install and document every module; tests/build checks what it holds, that its
# playbooks run by name, and the execution environment definition (ee/) built from it.
build: venv link
	rm -rf build/dist build/installed
	$(BIN)/ansible-galaxy collection build --force --output-path build/dist .
	$(BIN)/ansible-galaxy collection install --offline --force -p build/installed build/dist/serverlab-course-*.tar.gz
	for m in $$(ls plugins/modules/*.py | xargs -n1 basename | sed 's/\.py$$//'); do \
	  ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/build/installed $(BIN)/ansible-doc --json serverlab.course.$$m \
	    | $(BIN)/python -c 'import json, sys; sys.exit(0 if json.load(sys.stdin) else 1)' \
	    || { echo "ansible-doc cannot show serverlab.course.$$m from the built tarball"; exit 1; }; \
	done
	$(BIN)/pytest -q -p no:cacheprovider tests/build
	@echo "build: $$(ls build/dist/*.tar.gz) installs; ansible-doc shows every module"

# CHANGELOG.md from changelogs/: new fragments join galaxy.yml's version (unpublished, so updated in place);
# the plugin list comes from ansible-doc (new modules and plugins by version_added). tests/unit/test_changelog.py
# fails when CHANGELOG.md or changelogs/changelog.yaml lag behind the fragments.
changelog: venv
	$(BIN)/antsibull-changelog lint
	$(BIN)/antsibull-changelog release --reload-plugins --refresh-fragments without-archives --version "$$(sed -n 's/^version: *//p' galaxy.yml)" --update-existing
	$(BIN)/antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml

# The oldest ansible-core claimed (meta/runtime.yml requires_ansible; Debian 12's, which ansible-pull runs): the unit
# tests, ansible-test sanity and Molecule day06 in its own venv build/compat/X.Y (tools/compat, tests/compat/).
# The newest is the tool chain's own: make test runs everything with it.
COMPAT_CORES := 2.14
compat: venv labhost
	for v in $(COMPAT_CORES); do tools/compat $$v || exit 1; done

labhost:
	tools/labhost tools
	tools/labhost image
	tools/labhost network

# The lab's caching package proxy, apt-cacher-ng at http://192.168.0.1:3142 (this machine's lab address):
# lab_package_source {type: proxy} points the VMs at it; a classroom then fetches each package once.
proxy: labhost
	tools/labhost proxy

molecule: venv link labhost
	@test -n "$(SCENARIOS)" || { echo "no Molecule scenario found"; exit 1; }
	for s in $(SCENARIOS); do $(BIN)/molecule test -s $$s || exit 1; done

# The flake hunt, not part of `make test`: RUNS clean clones of REV (HEAD) each make TARGET while LOAD other
# processes spin on the CPU; build/soak/*/summary.md has every run's figures and failures (tools/soak).
soak: venv
	tools/soak --runs $(or $(RUNS),3) --load $(or $(LOAD),1) --target $(or $(TARGET),molecule) --rev $(or $(REV),HEAD)

# The instructor's drill: three VMs converged together, one stopped mid-run (tests/fleet).
fleet: venv link labhost
	$(BIN)/pytest -q -rs -p no:cacheprovider tests/fleet

# Lab VMs without a default gateway get every day's packages through the proxy, each package downloaded
# once for two VMs (tests/proxy: serverlab-proxy-1/-2 at 192.168.0.57/.58).
proxytest: venv link proxy
	$(BIN)/pytest -q -rs -p no:cacheprovider tests/proxy

# ansible-pull: a lab VM converges itself from a clone of this repository to day 6 (tests/pull).
pull: venv labhost
	$(BIN)/pytest -q -p no:cacheprovider tests/pull

test: unit lint sanity build molecule fleet pull proxytest compat

lab: venv link build/lab/user1_ed25519
ifneq ($(TOPOLOGY),)
	tools/labtopology up $(TOPOLOGY) $(DAY)
else
	tools/labhost up $(LAB_NAME) $(LAB_FQDN) $(LAB_ADDR)
	$(BIN)/ansible-playbook -i inventories/local playbooks/upto.yml $(DAY_ARG)
	@# From day 13 on: a mail to user1 over SMTPS (stunnel) read back over POP3S (Dovecot), from this host.
	if [ -z "$(DAY)" ] || [ "$(DAY)" -ge 13 ]; then $(BIN)/python molecule/shared/mailclient.py $(LAB_ADDR) --smtps --pop3s; \
	elif [ "$(DAY)" -ge 8 ]; then $(BIN)/python molecule/shared/mailclient.py $(LAB_ADDR); fi
	@# Both views: from this machine on the lab network (as the lab's users), then on the VM itself.
	@echo "== the network view, from this machine (labeval --target $(LAB_ADDR)) =="
	tools/netview $(LAB_NAME) $(LAB_ADDR) -c $(EVAL_ARG)
	@echo "== the VM view (labeval on $(LAB_NAME)) =="
	docker exec $(LAB_NAME) labeval -c $(EVAL_ARG)
	@echo "Lab VM ready: docker exec -it $(LAB_NAME) bash"
endif

# Speed and memory figures live here, never in timed tests: writes BENCHMARKS.md.
bench: venv link labhost
	$(BIN)/python bench/bench.py --vms $(or $(N),10)

# The instructor's embedded default: N local lab VMs, converged (DAY=N to stop at a day), graded; their
# packages come through the lab's caching proxy (make proxy), each downloaded once (PROXY=0: the mirrors).
classroom: venv link labhost
	LAB_LANG=$(LAB_LANG) PROXY=$(or $(PROXY),1) tools/classroom up $(or $(N),3) $(DAY)

classroom-destroy:
	tools/classroom destroy

# The trainee's key pair for the local lab's day 12 (ssh -i build/lab/user1_ed25519 user1@192.168.0.10).
build/lab/user1_ed25519:
	mkdir -p build/lab
	ssh-keygen -q -t ed25519 -N "" -C user1@serverlab-lab -f $@

lab-destroy:
	$(if $(TOPOLOGY),tools/labtopology destroy $(TOPOLOGY),tools/labhost destroy $(LAB_NAME))
	rm -rf build/facts

clean: lab-destroy
	rm -rf build $(VENV)
