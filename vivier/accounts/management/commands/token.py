from django.core.management.base import BaseCommand, CommandError

from vivier.accounts.models import TokenScope, User
from vivier.accounts.services import token_create


class Command(BaseCommand):
    help = "Create an API token: vivier token create <username> [--name N] [--scope read|write]"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create"])
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")
        parser.add_argument(
            "--scope",
            choices=TokenScope.values,
            default=None,
            help="default: write for recruiters and admins, read for viewers",
        )

    def handle(self, *args, action, username, name, scope, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        if scope is None:
            scope = TokenScope.WRITE if user.can_write else TokenScope.READ
        elif scope == TokenScope.WRITE and not user.can_write:
            raise CommandError(f"{user.username} is a viewer (read only): their tokens can only read.")
        token, raw = token_create(user=user, name=name, scope=scope)
        self.stderr.write(f"Token {token.prefix}… for {user.username} ({user.role}, {scope}). Shown once:")
        self.stdout.write(raw)
