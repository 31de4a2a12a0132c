"""Changes an ensemble's membership with kazoo's reconfig, as the super user.

Usage: kazoo_reconfig.py HOSTS SUPER_PASSWORD (--add SERVERS | --remove IDS | --members SERVERS)
Prints a line "membership:", then the new membership kazoo got back (kazoo's own log lines may
come before); on a refusal prints kazoo's exception and exits 1.
"""
import argparse
import sys

from kazoo.client import KazooClient


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("hosts")
    parser.add_argument("super_password")
    change = parser.add_mutually_exclusive_group(required=True)
    change.add_argument("--add")
    change.add_argument("--remove")
    change.add_argument("--members")
    args = parser.parse_args()
    client = KazooClient(hosts=args.hosts, timeout=10)
    client.start(timeout=30)
    try:
        client.add_auth("digest", "super:" + args.super_password)
        data, stat = client.reconfig(joining=args.add, leaving=args.remove,
                                     new_members=args.members)
    except Exception as error:  # the test reads the exception's name
        print(type(error).__name__, error, file=sys.stderr)
        return 1
    finally:
        client.stop()
    sys.stdout.write("membership:\n" + data.decode() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
