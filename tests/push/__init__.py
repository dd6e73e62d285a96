"""The push service (werkplek.push): real VAPID and aes128gcm against fake push services, exactly-once sending,
concurrency from threads and processes, kill -9, bad input, SSRF, tokens and rate limits, corrupt data files,
and push services that misbehave. One module per concern; the fixtures are in conftest.py, the fake push
services in fake_service.py, plain helpers in helpers.py.

Network: only 127.0.0.1. Names that are not IP literals or `localhost` go through a fake resolver (the
fake_dns fixture), so no test ever sends a DNS query."""
