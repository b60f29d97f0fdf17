"""A typed Python client for the Loopline REST API.

    from loopline.client import Client

    with Client("http://127.0.0.1:8000", token="ll_...") as api:
        task = api.next_task("shop-support")
        api.submit(task.id, {"rank": [1, 2]})
"""

from loopline.client._client import ApiError, Client

__all__ = ["ApiError", "Client"]
