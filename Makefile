# Two commands for a new user: `make demo` and `make test` (README.md).
# Python comes from .python-version through pyenv where it is installed, else python3 (≥ 3.12).
PYTHON ?= $(shell command -v pyenv >/dev/null 2>&1 && pyenv which python 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

# The development OpenID provider of the demo's "Jugendamt Rheinhafen" (docs/sso.md).
IDP = $(BIN)/python -m accord.accounts.oidc_dev_provider --port 8800 \
	--redirect-uri http://127.0.0.1:8000/accounts/oidc/callback/ \
	--redirect-uri http://localhost:8000/accounts/oidc/callback/ \
	--backchannel-logout-uri http://127.0.0.1:8000/accounts/oidc/backchannel-logout/rheinhafen-jugendamt/

.PHONY: demo demo-idp test install messages lint serve clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Accord needs Python 3.12 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	@touch $(STAMP)

install: $(STAMP) messages

messages: $(STAMP)
	@ACCORD_ENV=dev $(BIN)/accord compile_translations

# A fresh SQLite database with the fictional demo networks, served on 127.0.0.1:8000. Tasks run
# immediately, so e-mails (invitation links, sign-in notices) appear in this terminal.
demo: install
	@rm -f var/accord.sqlite3
	ACCORD_ENV=dev $(BIN)/accord migrate --verbosity 0
	ACCORD_ENV=dev $(BIN)/accord demo
	@echo "Serving http://127.0.0.1:8000 - Ctrl+C stops. E-mails are printed below."
	@echo "Single sign-on for Jugendamt Rheinhafen: a local OpenID provider on 127.0.0.1:8800 (var/demo-idp.log)."
	@$(IDP) > var/demo-idp.log 2>&1 & idp=$$!; trap 'kill $$idp 2>/dev/null' EXIT INT TERM; \
	ACCORD_ENV=dev ACCORD_TASKS_IMMEDIATE=true $(BIN)/accord runserver --noreload 127.0.0.1:8000

# The demo's OpenID provider alone (make demo starts it too, so "Sign in with Jugendamt
# Rheinhafen" works): django-oauth-toolkit in its own process, test users only.
demo-idp: install
	$(IDP)

# Two processes (pytest-xdist), one per core, each with its own test database; a file's tests
# stay together, so that their module fixtures are built once.
test: install
	ACCORD_ENV=test $(BIN)/pytest -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check src
	ACCORD_ENV=dev $(BIN)/accord makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var

# For developers: re-extract messages after changing strings (needs GNU gettext).
messages-update: $(STAMP)
	cd src/accord && ACCORD_ENV=dev ../../$(BIN)/accord makemessages -l de -l nl -l fr --no-obsolete --ignore "static/*" --ignore "*/tests/*" --ignore "e2e/*"
