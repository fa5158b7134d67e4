"""Command-line parsing that never gives an option the next option for its value."""

from __future__ import annotations

import click

# The options that take a letter's id: given none, they are answered with the record's.
LETTER_ID_OPTIONS = ("letters", "application")


class Command(click.Command):
    """A command whose options never take the next option for their value: click gave
    `build --letter --data x.yaml` the letter '--data', and built data/cv.yaml. An option
    followed by another of the command's options (or by nothing, for a letter id) has no
    value: an error naming it, or for --letter and --for, the record's letter ids (read
    once --data is known). A value that only looks like an option ('-cv.yaml') is a value."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.resilient_parsing:  # shell completion: a half-typed line is no error
            return super().parse_args(ctx, args)
        args, unanswered = self._drop_letter_options_without_id(ctx, args)
        rest = super().parse_args(ctx, args)
        if unanswered:
            from .runner import ask_for_a_letter

            ask_for_a_letter(unanswered, ctx.params.get("data"), ctx.info_name or "")
        return rest

    def _drop_letter_options_without_id(self, ctx: click.Context,
                                        args: list[str]) -> tuple[list[str], str | None]:
        """args without the letter-id options given no id (the first one's name
        returned); raises a usage error for any other option given no value."""
        options = [p for p in self.get_params(ctx) if isinstance(p, click.Option)]
        names = {name for option in options for name in option.opts + option.secondary_opts}
        taking_value = {name: option for option in options
                        if not option.is_flag and not option.count for name in option.opts}
        kept, unanswered, at = [], None, 0
        while at < len(args):
            token, following = args[at], args[at + 1] if at + 1 < len(args) else None
            if token == "--":  # the rest are values, whatever they look like
                return kept + args[at:], unanswered
            option = taking_value.get(token)
            if option is None or (following is not None
                                  and following.split("=", 1)[0] not in names):
                kept += [token] if option is None else [token, following]
                at += 1 if option is None else 2
            elif option.name in LETTER_ID_OPTIONS:
                unanswered, at = unanswered or token, at + 1
            elif following is None:  # click says it: "Option '--data' requires an argument."
                return kept + args[at:], unanswered
            else:
                raise click.UsageError(f"Option '{token}' needs a value, and '{following}' "
                                       f"is the next option: write {token}'s value right "
                                       "after it.", ctx)
        return kept, unanswered


class Group(click.Group):
    """The command group: its commands, and those of its groups, are Commands."""

    command_class = Command
    group_class = type
