"""A real SMTP server for the Email connector's tests, built on Debian's aiosmtpd.

It requires AUTH (PLAIN or LOGIN, checked against the Dovecot passwd-file the tests write), delivers mail for local users into
their Dovecot mailboxes through dovecot-lda, and keeps every accepted message in a spool directory, so the tests count what the
server really accepted. Two recipient domains steer faults: anything @rejected.test is refused with 550, and a message to
drop-after-data@faults.test is stored and then the connection is closed without an answer (a lost acknowledgement).

Run with Debian's interpreter: /usr/bin/python3 mail_sink.py --listen 127.0.0.1:PORT --spool DIR --users FILE
    --local-domain DOMAIN --lda /usr/lib/dovecot/dovecot-lda --dovecot-config FILE
"""

import argparse
import asyncio
import os
import signal
import sys
import uuid

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def read_users(path):
    """Returns {name: password} from a passwd-file whose lines are name:{PLAIN}password:..."""
    users = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            name, _, rest = line.rstrip("\n").partition(":")
            password = rest.split(":", 1)[0]
            if name and password.startswith("{PLAIN}"):
                users[name] = password[len("{PLAIN}"):]
    return users


class PasswdFileAuthenticator:
    def __init__(self, users_path):
        self.users_path = users_path

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login = auth_data.login.decode("utf-8", "replace")
        password = auth_data.password.decode("utf-8", "replace")
        return AuthResult(success=read_users(self.users_path).get(login) == password, handled=False)


class Sink:
    def __init__(self, args):
        self.args = args

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().endswith("@rejected.test"):
            return "550 5.1.1 Recipient address rejected"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content
        users = read_users(self.args.users)
        for recipient in envelope.rcpt_tos:
            local, _, domain = recipient.rpartition("@")
            if domain.lower() == self.args.local_domain and local in users:
                process = await asyncio.create_subprocess_exec(
                    self.args.lda, "-c", self.args.dovecot_config, "-d", local, "-f", envelope.mail_from or "",
                    stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
                _, error = await process.communicate(data)
                if process.returncode != 0:
                    sys.stderr.write(f"dovecot-lda failed for {local}: {error.decode(errors='replace')}\n")
                    return "451 4.3.0 Local delivery failed"

        queue_id = uuid.uuid4().hex
        temporary = os.path.join(self.args.spool, f".{queue_id}.tmp")
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.rename(temporary, os.path.join(self.args.spool, f"{queue_id}.eml"))

        if any(r.lower() == "drop-after-data@faults.test" for r in envelope.rcpt_tos):
            server.transport.close()
            return "250 2.0.0 never seen by the client"
        return f"250 2.0.0 OK: queued as {queue_id}"


async def serve(args):
    host, _, port = args.listen.rpartition(":")
    loop = asyncio.get_running_loop()
    authenticator = PasswdFileAuthenticator(args.users)
    handler = Sink(args)
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="sink.test", authenticator=authenticator, auth_required=True, auth_require_tls=False),
        host=host, port=int(port))
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    parent = os.getppid()
    print("ready", flush=True)
    while not stop.is_set():
        # Stop with the test process, even when it could not stop us.
        if os.getppid() != parent:
            break
        try:
            await asyncio.wait_for(stop.wait(), timeout=1)
        except asyncio.TimeoutError:
            pass
    server.close()
    await server.wait_closed()


def main():
    parser = argparse.ArgumentParser()
    for name in ("--listen", "--spool", "--users", "--local-domain", "--lda", "--dovecot-config"):
        parser.add_argument(name, required=True)
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
