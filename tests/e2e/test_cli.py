"""patina's command line against the sandbox: --help, --version, --check,
exit codes, configuration errors, and that the token never leaks."""

import os
import socket
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import EMAIL, TOKEN, Sandbox, TempHome, patina_env, run_patina  # noqa: E402


class CliWithoutServer(unittest.TestCase):
    def test_help_and_version(self):
        with TempHome() as home:
            env = patina_env(None, home)
            r = run_patina(["--help"], env)
            self.assertEqual(r.returncode, 0)
            self.assertIn("Usage: patina", r.stdout)
            self.assertIn("--check", r.stdout)
            r = run_patina(["--version"], env)
            self.assertEqual(r.returncode, 0)
            self.assertRegex(r.stdout, r"^patina \d+\.\d+\.\d+\n$")

    def test_bad_flags_exit_2(self):
        with TempHome() as home:
            env = patina_env(None, home)
            r = run_patina(["--frobnicate"], env)
            self.assertEqual(r.returncode, 2)
            self.assertIn("unknown option '--frobnicate'", r.stderr)
            r = run_patina(["-c"], env)
            self.assertEqual(r.returncode, 2)
            self.assertIn("needs a value", r.stderr)
            r = run_patina(["stray"], env)
            self.assertEqual(r.returncode, 2)

    def test_config_errors_name_file_and_line(self):
        with TempHome() as home:
            cfg = os.path.join(home, "patina.conf")
            with open(cfg, "w") as f:
                f.write("# a comment\nset rate-limit = fast\nset api-token = hunter2\n")
            os.chmod(cfg, 0o644)
            env = patina_env(None, home)
            r = run_patina(["-c", cfg, "--check"], env)
            self.assertEqual(r.returncode, 2)
            self.assertIn(cfg + ":2: rate-limit: expected a whole number", r.stderr)
            self.assertIn(cfg + ":3: api-token holds a secret but other users can read it", r.stderr)
            self.assertIn("chmod 600", r.stderr)
            self.assertNotIn("hunter2", r.stderr + r.stdout)

    def test_plain_http_refused_for_remote_hosts(self):
        with TempHome() as home:
            env = patina_env(None, home, COPPER_API_URL="http://api.copper.com/developer_api/v1")
            r = run_patina(["--check"], env)
            self.assertEqual(r.returncode, 2)
            self.assertIn("plain http", r.stderr)

    def test_unreachable_host_is_a_network_error(self):
        # a port nothing listens on: bind, note it, close
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        with TempHome() as home:
            env = patina_env(None, home,
                             COPPER_API_URL="http://127.0.0.1:%d/developer_api/v1" % port)
            r = run_patina(["--check"], env)
            self.assertEqual(r.returncode, 4, r.stderr)
            self.assertIn("cannot connect", r.stderr)
            self.assertNotIn(TOKEN, r.stderr)


class CliAgainstSandbox(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sandbox = Sandbox()

    @classmethod
    def tearDownClass(cls):
        cls.sandbox.stop()

    def test_check_names_user_and_account(self):
        me, _ = self.sandbox.api("GET", "/users/me")
        account, _ = self.sandbox.api("GET", "/account")
        with TempHome() as home:
            r = run_patina(["--check"], patina_env(self.sandbox, home))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("Signed in as %s <%s>" % (me["name"], EMAIL), r.stdout)
            self.assertIn("to %s (account %d)" % (account["name"], account["id"]), r.stdout)

    def test_check_with_oauth_bearer(self):
        with TempHome() as home:
            env = patina_env(self.sandbox, home, COPPER_ACCESS_TOKEN=TOKEN)
            del env["COPPER_API_TOKEN"]
            del env["COPPER_USER_EMAIL"]
            r = run_patina(["--check"], env)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("Signed in as", r.stdout)

    def test_bad_token_is_an_auth_error_without_the_token(self):
        with TempHome() as home:
            env = patina_env(self.sandbox, home, COPPER_API_TOKEN="wrong-token-xyz")
            r = run_patina(["--check"], env)
            self.assertEqual(r.returncode, 3)
            self.assertIn("HTTP 401", r.stderr)
            self.assertIn("check the API token", r.stderr)
            self.assertNotIn("wrong-token-xyz", r.stderr + r.stdout)

    def test_bad_email_is_an_auth_error(self):
        with TempHome() as home:
            env = patina_env(self.sandbox, home, COPPER_USER_EMAIL="nobody@example.com")
            r = run_patina(["--check"], env)
            self.assertEqual(r.returncode, 3)
            self.assertIn("email", r.stderr)

    def test_config_file_and_token_command(self):
        with TempHome() as home:
            cfg = os.path.join(home, "config", "patina", "config")
            os.makedirs(os.path.dirname(cfg))
            with open(cfg, "w") as f:
                f.write("set api-url = %s\nset email = %s\nset token-command = 'echo %s'\n"
                        % (self.sandbox.base_url, EMAIL, TOKEN))
            env = patina_env(self.sandbox, home)
            for k in ("COPPER_API_URL", "COPPER_API_TOKEN", "COPPER_USER_EMAIL"):
                del env[k]
            r = run_patina(["--check"], env)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("Signed in as", r.stdout)

    def test_check_sends_exactly_two_gets_without_bodies(self):
        self.sandbox.clear_log()
        with TempHome() as home:
            r = run_patina(["--check"], patina_env(self.sandbox, home))
        self.assertEqual(r.returncode, 0, r.stderr)
        log = self.sandbox.log()
        paths = sorted(e["path"] for e in log)
        self.assertEqual(paths, ["/developer_api/v1/account", "/developer_api/v1/users/me"])
        for e in log:
            self.assertEqual(e["method"], "GET")
            self.assertIn(e["body"], (None, ""))


if __name__ == "__main__":
    unittest.main(verbosity=2)
