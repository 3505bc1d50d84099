import json
import os

from jura_portal.db import _forget_dead_handles


def test_a_truncated_list_of_server_users_is_repaired_instead_of_breaking_every_start(tmp_path):
    handles = tmp_path / ".handle_pids.json"
    handles.write_text("")

    _forget_dead_handles(tmp_path)

    assert json.loads(handles.read_text()) == []


def test_dead_processes_are_dropped_and_live_ones_kept(tmp_path):
    handles = tmp_path / ".handle_pids.json"
    handles.write_text(json.dumps([os.getpid(), 999_999_999]))

    _forget_dead_handles(tmp_path)

    assert json.loads(handles.read_text()) == [os.getpid()]
