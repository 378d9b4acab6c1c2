#! /usr/bin/python

import requests
import shutil

requests.packages.urllib3.disable_warnings()

host = "https://allegro-mm-xxxx"
session = requests.Session()
session.auth = ("user", "password")
session.verify = False # disable ssl verification

params = {
    "csv": True,
    "mm-id": "local:1" #0 live traffic, 1 1st PCAP analysis
}

headers = {
    "Accept-Encoding": "" # for compression use "gzip"
}

output = "ip_list_out.csv"

with session.get(host + "/API/stats/modules/ip/ips_paged", params=params, headers=headers, stream=True) as resp:
    with open(output, "wb") as fh:
        shutil.copyfileobj(resp.raw, fh)
