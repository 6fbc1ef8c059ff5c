import getpass
import os

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from vivier.accounts.models import Role, User
from vivier.accounts.services import user_create


class Command(BaseCommand):
    help = (
        "Create a user: vivier user create <username> [--role admin|recruiter|viewer] [--email E] "
        "[--password-from-env VAR]. Without --password-from-env the password is asked for on the terminal."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create"])
        parser.add_argument("username")
        parser.add_argument("--role", choices=Role.values, default=Role.RECRUITER)
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--language", choices=["fr", "en"], default="fr")
        parser.add_argument(
            "--password-from-env",
            metavar="VAR",
            help="read the password from this environment variable (never from the command line, "
            "which other users of the machine can see)",
        )

    def handle(
        self,
        *args,
        action,
        username,
        role,
        email,
        first_name,
        last_name,
        language,
        password_from_env,
        **options,
    ):
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"A user named {username!r} already exists.")
        password = self._password(password_from_env)
        probe = User(username=username, email=email, first_name=first_name, last_name=last_name)
        try:
            password_validation.validate_password(password, probe)
            user = user_create(
                username=username,
                password=password,
                role=role,
                email=email,
                first_name=first_name,
                last_name=last_name,
                language=language,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"User {user.username} created ({user.role}).")

    def _password(self, variable: str | None) -> str:
        if variable:
            password = os.environ.get(variable, "")
            if not password:
                raise CommandError(f"The environment variable {variable} is unset or empty.")
            return password
        if not os.isatty(0):
            raise CommandError("No terminal to ask for the password: use --password-from-env VAR.")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return password
