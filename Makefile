# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format ci bench integration messages

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q --upgrade pip
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

install: $(BIN)/.installed

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) sync_roles >/dev/null
	$(MANAGE) seed_demo --if-empty
	@echo ""
	@echo "partybuild is serving on http://$(HOST):$(PORT)/"
	@echo "Demo logins (password: Demo#2026):"
	@echo "  staff      - committee staff (工委), sees every organization"
	@echo "  sec01      - a branch secretary, sees only their own organization"
	@echo "  member01   - a party member"
	@echo "  report     - read-only reporting client (REST token)"
	@echo "  reviewer   - a reviewer (评议人)"
	@echo "  sysadmin / secadmin / auditadmin - the three separated admin roles"
	@echo ""
	$(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest -q -n 2 --dist loadfile

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

integration: install
	$(BIN)/pytest -q -m integration -p no:xdist

bench: install
	$(BIN)/python bench/run.py

ci:
	bash .ci/run

# Catalogues: Chinese msgids; English translations are kept in locale/en (fill new entries, then compile).
messages: install
	$(MANAGE) makemessages -l en -l zh_Hans --no-obsolete --ignore=.venv --ignore=bench --ignore=tests
	$(MANAGE) compilemessages -l en -l zh_Hans --ignore=.venv
