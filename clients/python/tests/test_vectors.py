"""The shared vectors (clients/test-vectors): the Python client buckets and routes exactly as
the JavaScript client and the Rollgate data plane do."""

import json
import pathlib
import sys
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rollgate import RoutingError, bucket_of, candidate_threshold, in_candidate, resolve  # noqa: E402

VECTORS = ROOT.parent / "test-vectors"


class Vectors(unittest.TestCase):
    def test_bucketing(self) -> None:
        cases = json.loads((VECTORS / "bucketing.json").read_text("utf-8"))["cases"]
        self.assertGreater(len(cases), 300)
        for c in cases:
            with self.subTest(model=c["model"], key=c["key"][:20], percent=c["percent"]):
                self.assertEqual(bucket_of(c["model"], c["key"]), c["bucket"])
                self.assertEqual(candidate_threshold(c["percent"]), c["threshold"])
                self.assertEqual(in_candidate(c["model"], c["key"], c["percent"]), c["inCandidate"])

    def test_routing(self) -> None:
        cases = json.loads((VECTORS / "routing.json").read_text("utf-8"))["cases"]
        for c in cases:
            req = c["request"]
            with self.subTest(model=c["table"]["model"], request=req):
                if c["error"]:
                    with self.assertRaises(RoutingError) as caught:
                        resolve(c["table"], tenant=req.get("tenant"), key=req.get("key"))
                    self.assertEqual(caught.exception.code, c["error"])
                else:
                    self.assertEqual(resolve(c["table"], tenant=req.get("tenant"), key=req.get("key")).as_dict(), c["decision"])


if __name__ == "__main__":
    unittest.main()
