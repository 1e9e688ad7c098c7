-- wrk script for scripts/bench-serve.sh: POST the menu file named by
-- $POSHAN_BENCH_MENU with the API token in $POSHAN_BENCH_TOKEN.
local f = assert(io.open(os.getenv("POSHAN_BENCH_MENU"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("POSHAN_BENCH_TOKEN")
