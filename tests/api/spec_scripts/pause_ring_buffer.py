#! /usr/bin/python

import requests
import json

requests.packages.urllib3.disable_warnings()

host = "https://allegro-mm-xxxx"
session = requests.Session()
session.auth = ("user", "password")
session.verify = False # disable ssl verification

data = {
    "command": "changeConfig",
    "config": {
        "isSuspended": True
    }
}

with session.post(f"{host}/API/data/modules/capture/buffer/0", data=json.dumps(data)) as resp:
    print(resp.text)
