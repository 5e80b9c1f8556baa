# Badgeathon: `make run` serves the app, `make test` lints and runs the whole suite. Both install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint setup install static translations database demo chromium clean extract-messages bench

run: setup database
	$(BIN)/badgeathon demo
	$(BIN)/badgeathon run

test: lint setup chromium
	$(PY) -m pytest $(PYTEST_ARGS)

# Lint and formatting first, so that a slip fails in seconds rather than after the suite.
# To fix: .venv/bin/ruff format . && .venv/bin/ruff check --fix .
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

setup: install static translations

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip==25.3
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static: static/vendor/.built

static/vendor/.built: node_modules/.installed static/build.mjs $(wildcard static/*/*.js)
	npm run --silent build
	touch $@

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d badgeathon/translations

# The key that signs sessions and invitation links: made once, kept in instance/ (git-ignored), readable by you alone.
instance/secret_key:
	mkdir -p instance
	umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_hex(32))' > $@
	@echo "Clé secrète créée dans $@ (gardez-la : la changer déconnecte tout le monde)."

database: install instance/secret_key
	mkdir -p instance
	$(BIN)/badgeathon db upgrade

# The browser tests drive Debian's Chromium; as root we install it, otherwise we say how.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else \
	    echo "Chromium is missing: run 'sudo apt-get install chromium' (Debian) and 'make test' again." >&2; exit 1; \
	  fi; }

extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o badgeathon/translations/messages.pot .
	$(BIN)/pybabel update -i badgeathon/translations/messages.pot -d badgeathon/translations --no-fuzzy-matching

bench: setup
	@ls bench/*.py >/dev/null 2>&1 && for script in bench/*.py; do $(PY) $$script; done || echo "No benchmark yet."

clean:
	rm -rf $(VENV) node_modules static/vendor instance/*.db .pytest_cache
