#! /usr/bin/python

import requests

requests.packages.urllib3.disable_warnings()

host = "https://allegro-mm-xxxx"
session = requests.Session()
session.auth = ("user", "password")
session.verify = False # disable ssl verification

params = {
    "sort": "bytes",
    "reverse": True,
    "page": 0,
    "count": 10,
    "timespan": 60,
    "mm-id": "local:1" #0 live traffic, 1 1st PCAP analysis
}

with session.get(host + "/API/stats/modules/ip/ips_paged", params=params) as resp:
    ip_list = resp.json()

for ip_entry in ip_list["displayedItems"]:
    bytes_rx = ip_entry["interval"][1] #meaning of index defined in history.rows
    bytes_tx = ip_entry["interval"][3]
    print(ip_entry["ip"] + ": " + str(bytes_rx + bytes_tx) + "B")
