"""Print the API's OpenAPI schema as JSON (``python -m nestegg.app.openapi``).

The front end generates its TypeScript API types from this output; the build checks that the
checked-in types match it.
"""

from __future__ import annotations

import json
import sys

from nestegg.app.main import create_app


def openapi_json() -> str:
    return json.dumps(create_app().openapi(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    sys.stdout.write(openapi_json())


if __name__ == "__main__":
    main()
