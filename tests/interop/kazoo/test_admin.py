"""Four-letter words through kazoo: server_version(), command()."""

import re

import zscommon


def parse_mntr(text):
    metrics = {}
    for line in text.splitlines():
        key, _, value = line.partition("\t")
        metrics[key] = value
    return metrics


class AdminTest(zscommon.ZkTestCase):

    def test_server_version(self):
        # kazoo parses zookeeper.version out of `envi`.
        version = self.client.server_version()
        self.assertGreaterEqual(len(version), 3)
        self.assertEqual(version[0], 3)
        self.assertGreaterEqual(version[1], 5)

    def test_ruok_and_isro(self):
        self.assertEqual(self.client.command(b"ruok"), "imok")
        self.assertEqual(self.client.command(b"isro"), "rw")

    def test_srvr(self):
        text = self.client.command(b"srvr")
        self.assertRegex(text, r"^Zookeeper version: 3\.\d+\.\d+")
        for pattern in (r"\nLatency min/avg/max: \d+/[\d.]+/\d+\n", r"\nReceived: \d+\n",
                        r"\nSent: \d+\n", r"\nConnections: \d+\n", r"\nOutstanding: \d+\n",
                        r"\nZxid: 0x[0-9a-f]+\n", r"\nMode: (standalone|leader|follower|observer)\n",
                        r"\nNode count: \d+\n"):
            self.assertRegex(text, pattern)
        zxid = int(re.search(r"Zxid: 0x([0-9a-f]+)", text).group(1), 16)
        _, stat = self.client.create(self.path("n"), include_data=True)
        self.assertGreaterEqual(stat.czxid, zxid)
        after = self.client.command(b"srvr")
        self.assertEqual(int(re.search(r"Zxid: 0x([0-9a-f]+)", after).group(1), 16), stat.czxid)

    def test_node_count_follows_creates(self):
        def node_count():
            return int(re.search(r"Node count: (\d+)", self.client.command(b"srvr")).group(1))

        before = node_count()
        self.client.create(self.path("a"))
        self.client.create(self.path("b"))
        self.assertEqual(node_count(), before + 2)

    def test_mntr(self):
        # kazoo's command() returns what one recv() of 8 KiB yields, so these gauges must come
        # early in the output, as ZooKeeper's do (right after zk_version and zk_server_state).
        metrics = parse_mntr(self.client.command(b"mntr"))
        self.assertIn(metrics["zk_server_state"], ("standalone", "leader", "follower", "observer"))
        self.assertRegex(metrics["zk_version"], r"^3\.\d+\.\d+")
        for key in ("zk_znode_count", "zk_num_alive_connections", "zk_ephemerals_count",
                    "zk_watch_count", "zk_outstanding_requests", "zk_packets_received",
                    "zk_packets_sent", "zk_approximate_data_size", "zk_global_sessions"):
            self.assertRegex(metrics[key], r"^\d+$", key)
        self.assertGreaterEqual(int(metrics["zk_num_alive_connections"]), 1)

        ephemerals = int(metrics["zk_ephemerals_count"])
        watches = int(metrics["zk_watch_count"])
        self.client.create(self.path("e"), ephemeral=True)
        self.client.get(self.path("e"), watch=lambda event: None)
        metrics = parse_mntr(self.client.command(b"mntr"))
        self.assertEqual(int(metrics["zk_ephemerals_count"]), ephemerals + 1)
        self.assertEqual(int(metrics["zk_watch_count"]), watches + 1)

    def test_conf_and_envi(self):
        conf = self.client.command(b"conf")
        port = zscommon.CONNECT.rsplit(":", 1)[1]
        self.assertIn("clientPort=%s\n" % port, conf)
        self.assertIn("tickTime=200\n", conf)
        self.assertIn("minSessionTimeout=400\n", conf)
        self.assertIn("maxSessionTimeout=4000\n", conf)
        self.assertTrue(self.client.command(b"envi").startswith("Environment:\n"))

    def test_stat_cons_wchs(self):
        self.assertIn("Clients:\n", self.client.command(b"stat"))
        self.assertIn("/127.0.0.1:", self.client.command(b"cons"))
        self.client.get(self.root, watch=lambda event: None)
        self.assertRegex(self.client.command(b"wchs"), r"Total watches:\d+")
        self.assertIn(self.root, self.client.command(b"wchp"))

    def test_unknown_word_gets_no_answer(self):
        # Not a command, so the four bytes are a frame length; the server just hangs up.
        self.assertEqual(self.client.command(b"xyzw"), "")


if __name__ == "__main__":
    zscommon.main()
