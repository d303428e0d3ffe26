-- wrk script: each request saves one real answer of one contestant (cookie, CSRF token, path, body
-- per line of the file named by the SAVE_REQUESTS environment variable, tab separated).
local lines = {}
local counter = 0

init = function(args)
  for line in io.lines(os.getenv("SAVE_REQUESTS")) do
    local cookie, token, path, body = line:match("([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)")
    lines[#lines + 1] = {cookie = cookie, token = token, path = path, body = body}
  end
  counter = math.random(#lines)
end

request = function()
  counter = counter % #lines + 1
  local item = lines[counter]
  local headers = {}
  headers["Cookie"] = item.cookie
  headers["X-CSRFToken"] = item.token
  headers["HX-Request"] = "true"
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  return wrk.format("POST", item.path, headers, item.body)
end

done = function(summary, latency, requests)
  io.write(string.format("JSON {\"requests\": %d, \"seconds\": %.3f, \"p50_ms\": %.2f, \"p99_ms\": %.2f, \"errors\": %d, \"non2xx\": %d}\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
