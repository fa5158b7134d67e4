"""Files cv-builder does not trust: what a record names, what is imported, what is found
in the output folder and the cache. Nothing here blocks on a FIFO, reads without a limit,
or follows a symlink planted where cv-builder keeps its own files.

Standard library only, importing nothing of the package: the no-op build uses it.
"""

from __future__ import annotations

import os
import stat
from contextlib import contextmanager
from pathlib import Path

MB = 1024 * 1024

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link"))


class Refused(ValueError):
    """A file that is not read: reason says why, in words ("not a regular file (a FIFO)")."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = str(path), reason


def kind_of(mode: int) -> str:
    """'a folder', 'a FIFO (named pipe)', ...: what a file that is not regular is."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def size_words(limit: int) -> str:
    return f"{limit // MB} MB" if limit % MB == 0 else f"{limit:,} bytes"


def read_regular(path: Path | str, limit: int, *, follow: bool = True,
                 owned: bool = False) -> bytes:
    """The bytes of a regular file of at most limit bytes; Refused otherwise (a folder, a
    FIFO, a device, too large, with follow=False a symlink, with owned=True a file of
    another user's than this one or root). OSError if it cannot be opened
    (FileNotFoundError: it does not exist).

    Why open first and look after: the kind is checked on what was opened (fstat), so
    nothing can be swapped in between, and O_NONBLOCK keeps a FIFO from blocking the open.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow else os.O_NOFOLLOW)
    try:
        handle = os.open(path, flags)
    except OSError as error:
        if not follow and os.path.islink(path):
            raise Refused(path, "a symbolic link; not followed") from None
        raise error
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(path, f"not a regular file ({kind_of(info.st_mode)})")
        if info.st_size > limit:
            raise Refused(path, f"larger than {size_words(limit)}")
        if owned and info.st_uid not in (os.getuid(), 0):
            raise Refused(path, f"another user's (uid {info.st_uid})")
        chunks, size = [], 0
        while size <= limit:  # /proc files say size 0 and hold more
            chunk = os.read(handle, max(info.st_size, 65536) + 1 - size if not chunks
                            else limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(handle)
    if size > limit:
        raise Refused(path, f"larger than {size_words(limit)}")
    return b"".join(chunks)


def own_folder(path: Path) -> Path:
    """path as a real folder of ours: a symlink, file or anything else planted under that
    name is removed (never followed), then the folder is made. Its parent is made if
    missing, as given (the output folder the user named may be a symlink)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISDIR(info.st_mode):
        os.unlink(path)  # a symlink is removed itself, its target untouched
        info = None
    if info is None:
        try:
            os.mkdir(path)
        except FileExistsError:  # made meanwhile by a build of another folder
            pass
        if not stat.S_ISDIR(os.lstat(path).st_mode):
            raise NotADirectoryError(f"{path} was replaced while being made")
    return path


def fresh_folder(path: Path) -> Path:
    """An empty real folder at path, in a real folder of ours (own_folder): what was there
    is deleted without following any symlink in or at it (shutil.rmtree unlinks links,
    never their targets)."""
    own_folder(path.parent)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            import shutil

            shutil.rmtree(path)
        else:
            os.unlink(path)
    os.mkdir(path)
    return path


def replace_atomically(path: Path, data: bytes | str, mode: int | None = None) -> Path:
    """Write beside path under a fresh name (O_EXCL: no planted file is written through),
    then rename over path: a reader sees the old file or the new one, never half of one;
    a symlink at path is replaced, not followed."""
    import tempfile  # not on the no-op path: 1 ms of imports

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def discard(path: Path | str) -> None:
    """Remove whatever is at path (a file, a symlink, a FIFO, a folder and all it holds),
    never following a link; nothing there, or a race lost to another build, is fine."""
    try:
        info = os.lstat(path)
        if stat.S_ISDIR(info.st_mode):
            import shutil

            shutil.rmtree(path)
        else:
            os.unlink(path)
    except OSError:
        pass


def private_folder(path: Path) -> Path | None:
    """path as a folder only this user can write (made if missing), or None if it cannot
    be (private_problem says why)."""
    return path if private_problem(path) is None else None


def private_problem(path: Path) -> str | None:
    """Make path a folder only this user can write, or say why it cannot be: another
    user's, a symlink, a file, or not makable. A folder of ours that others may write
    (made under umask 002) is closed to them first.

    Only path itself is looked at: see unsafe_ancestry for the folders above it.
    """
    try:
        if not os.path.lexists(path):  # a file there is said to be one, not "File exists"
            path.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = os.lstat(path)
        if not stat.S_ISDIR(info.st_mode):
            return f"{path} is {_kind_of_entry(info.st_mode)}, not a folder"
        if info.st_uid != os.getuid():
            return f"{path} belongs to another user (uid {info.st_uid})"
        if info.st_mode & 0o022:
            os.chmod(path, stat.S_IMODE(info.st_mode) & ~0o022)
    except OSError as error:
        return f"{path}: {error.strerror or error}"
    return None


MAX_LINKS = 40  # as the kernel's own path walk: a loop of links ends here


def unsafe_ancestry(path: Path | str) -> str | None:
    """Why someone else could change what path leads to, in words; None if no one but this
    user and root can: every folder from / down to path itself, and every symlink on the
    way (each followed where it points), must be owned by this user or root, and no folder
    may be writable by group or others unless it is sticky (/tmp: there each may rename
    only their own entries). As OpenSSH's safe_path checks a key file's folders.

    Why all of them: a folder checked last is no guard if a folder above it can be
    renamed away and another put in its place between the check and the use. Once this
    holds, only this user and root can change any of them, so what is checked stays true.
    path must exist.
    """
    uid = os.getuid()
    pending = [part for part in reversed(str(path).split("/")) if part]
    current = "/" if str(path).startswith("/") else os.getcwd()
    if current != "/":  # a relative path: the folders of the working folder first
        pending += [part for part in reversed(current.split("/")) if part]
        current = "/"
    links = 0
    problem = _unsafe_folder(current, os.lstat(current), uid)
    while pending and problem is None:
        name = pending.pop()
        if name == ".":
            continue
        if name == "..":  # the parent of a folder already checked: checked too
            current = os.path.dirname(current)
            continue
        candidate = os.path.join(current, name)
        info = os.lstat(candidate)
        if stat.S_ISLNK(info.st_mode):
            if info.st_uid not in (uid, 0):  # in a sticky folder, its owner may swap it
                return f"{candidate} is a symbolic link of another user's (uid {info.st_uid})"
            links += 1
            if links > MAX_LINKS:
                return f"{path} passes through more than {MAX_LINKS} symbolic links"
            target = os.readlink(candidate)
            pending += [part for part in reversed(target.split("/")) if part]
            if target.startswith("/"):
                current = "/"
            continue
        problem = _unsafe_folder(candidate, info, uid)
        current = candidate
    return problem


def _kind_of_entry(mode: int) -> str:
    return "a file" if stat.S_ISREG(mode) else kind_of(mode)


def _unsafe_folder(path: str, info: os.stat_result, uid: int) -> str | None:
    if not stat.S_ISDIR(info.st_mode):
        return f"{path} is {_kind_of_entry(info.st_mode)}, not a folder"
    if info.st_uid not in (uid, 0):
        return f"{path} belongs to another user (uid {info.st_uid})"
    if info.st_mode & 0o022 and not info.st_mode & stat.S_ISVTX:
        who = "group and others" if info.st_mode & 0o022 == 0o022 else (
            "others" if info.st_mode & 0o002 else "its group")
        return (f"{path} is writable by {who} (mode {stat.S_IMODE(info.st_mode):04o}; "
                f"chmod go-w {path} if it is yours)")
    return None


def inside(path: Path, folder: Path) -> bool:
    """True if path, symlinks followed, is folder or within it."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))


@contextmanager
def folder_lock(folder: Path, on_wait=None):
    """Hold an exclusive lock on folder/.lock while the block runs; if another process
    holds it, call on_wait() once, then wait for it.

    Why fcntl.flock and not a lock library: the kernel drops the lock when its holder
    exits, kill -9 included, so no stale lock is ever left to clean up, and the standard
    library has it (cv-builder runs on Linux and macOS, where flock exists).
    """
    import fcntl

    path = folder / ".lock"
    waited = False
    while True:
        handle = _lock_file(path)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None and not waited:
                on_wait()
            waited = True
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            here = os.stat(path, follow_symlinks=False)
        except FileNotFoundError:
            here = None
        if here is not None and os.path.samestat(here, os.fstat(handle)):
            break
        # The holder removed the folder it had made for a build that made nothing
        # (unmake_output): lock afresh, in the folder made again.
        os.close(handle)
        own_folder(folder)
    try:
        yield
    finally:
        os.close(handle)  # releases the lock


def _lock_file(path: Path) -> int:
    """An open handle on the regular file path, made if missing."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    for _ in range(2):
        try:
            handle = os.open(path, flags, 0o644)
        except OSError:  # a symlink or a folder planted there: ours to replace
            if not os.path.lexists(path):
                raise
            if os.path.isdir(path) and not os.path.islink(path):
                import shutil

                shutil.rmtree(path)
            else:
                os.unlink(path)
            continue
        if stat.S_ISREG(os.fstat(handle).st_mode):
            return handle
        os.close(handle)
        os.unlink(path)
    raise OSError(f"cannot make the lock file {path}")


def unmake_output(output: Path, build_folder: Path, made: Path) -> None:
    """Remove an output folder this build made and then built nothing in (its record was
    not valid): the lock first, while still held (a build waiting on it then locks
    afresh, see folder_lock), then the build folder (early TeX runs' folders), then the
    output folder and its parents up to made, the outermost one the build made, each if
    it is empty. Never follows a symlink."""
    import shutil

    try:
        os.unlink(build_folder / ".lock")
    except FileNotFoundError:
        pass
    shutil.rmtree(build_folder, ignore_errors=True)
    remove_empty(output, made)


def remove_empty(folder: Path, made: Path) -> None:
    """folder and its parents up to made, each removed if it is empty."""
    for each in (folder, *folder.parents):
        try:
            each.rmdir()
        except FileNotFoundError:  # gone already: on to its parent
            pass
        except OSError:  # something else is in it
            return
        if each == made:
            return
