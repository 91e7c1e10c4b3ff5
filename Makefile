# The project's commands; each one sets up what a fresh machine lacks (scripts/setup.sh).
.PHONY: demo test bench bench-1m load upgrade-check setup

demo:  ## Odoo serving the addon with demo data on http://127.0.0.1:8069
	bash scripts/demo.sh

test:  ## every test in a throwaway database; ends with "N passed, N failed"
	bash scripts/test.sh

bench:  ## the benchmark against OCA helpdesk_mgmt at 100,000 records
	bash scripts/bench.sh

bench-1m:  ## the same at 1,000,000 records each (database realestate_bench_1m)
	BENCH_RECORDS=1000000 bash scripts/bench.sh

load:  ## simulated users against Odoo in prefork for 60 s, then what the database holds
	bash scripts/load.sh $(LOAD_ARGS)

upgrade-check:  ## the previous version upgraded to this one, twice: no record lost, nothing changed by the second -u
	bash scripts/upgrade_check.sh

setup:
	bash scripts/setup.sh
