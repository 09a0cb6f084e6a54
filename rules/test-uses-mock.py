import unittest
from unittest import mock
from unittest.mock import MagicMock, patch

import requests


class TestThing(unittest.TestCase):
    # ruleid: test-uses-mock
    @mock.patch("app.service.fetch")
    def test_fetch(self, fetch):
        fetch.return_value = 1

    def test_patch_ctx(self):
        # ruleid: test-uses-mock
        with patch("app.service.now") as now:
            now.return_value = 0

    def test_object(self):
        # ruleid: test-uses-mock
        with mock.patch.object(requests, "get"):
            pass

    def test_magic(self):
        # ruleid: test-uses-mock
        client = MagicMock()
        client.get.return_value = {}

    def test_mock(self):
        # ruleid: test-uses-mock
        obj = mock.Mock(spec=dict)
        self.assertIsNotNone(obj)


class TestReal(unittest.TestCase):
    def test_http_patch_verb(self):
        # ok: test-uses-mock
        resp = requests.patch("https://example.com/api", json={}, timeout=5)
        self.assertEqual(resp.status_code, 200)

    def test_client_patch(self):
        # ok: test-uses-mock
        self.client.patch("/items/1", data={"name": "x"})

    def test_fake(self):
        # ok: test-uses-mock
        store = FakeStore()
        self.assertEqual(store.get("a"), None)
