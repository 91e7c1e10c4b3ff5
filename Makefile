# The project's commands; each one sets up what a fresh machine lacks (scripts/setup.sh).
.PHONY: demo test bench setup upgrade-check

demo:  ## Odoo serving the addon with demo data on http://127.0.0.1:8069
	bash scripts/demo.sh

test:  ## every test in a throwaway database; ends with "N passed, N failed"
	bash scripts/test.sh

bench:  ## the benchmark against OCA helpdesk_mgmt at 100,000 records
	bash scripts/bench.sh

upgrade-check:  ## the previous version upgraded to this one, twice: no record lost, nothing changed by the second -u
	bash scripts/upgrade_check.sh

setup:
	bash scripts/setup.sh
