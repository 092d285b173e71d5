"""The load and page benchmarks only ever send requests to this machine, and only a bounded load."""

import pytest

from bench import load
from bench.server import require_local


@pytest.mark.parametrize(
    "url", ["http://10.0.0.8:8000", "https://partybuild.example.cn", "http://localhost:8000"]
)
def test_the_benchmarks_refuse_any_host_but_the_loopback_address(url):
    with pytest.raises(SystemExit, match="127.0.0.1 only"):
        require_local(url)


def test_the_loopback_address_is_accepted():
    require_local("http://127.0.0.1:8766")


@pytest.mark.parametrize(
    "args", [["--secretaries", "600"], ["--run-time", "3600"], ["--secretaries", "0", "--dashboards", "0"]]
)
def test_the_load_is_bounded_before_anything_starts(args):
    with pytest.raises(SystemExit) as refused:
        load.main(["--database-url", "postgres://127.0.0.1/partybuild_city", *args])
    assert refused.value.code == 2  # argparse's refusal: no server was started, no database touched
