#! /usr/bin/python

import requests
import shutil
import time
import datetime

requests.packages.urllib3.disable_warnings()

host = "https://allegro-mm-xxxx"
session = requests.Session()
session.auth = ("user", "password")
session.verify = False # disable ssl verification

params = {
    "sort": "bytes",
    "reverse": True,
    "mode": "rtpStats",
    "mm-id": "local:1" #0 live traffic, 1 1st PCAP analysis
}

# get all RTP connections, sorted by bytes
with session.get(host + "/API/stats/modules/ip/globalConnections", params=params) as resp:
    asyncID = resp.json()["asyncID"]
    asyncUUID = resp.json()["asyncUUID"]
    #print(resp.json())

finished = False
success = False

params = {
    "uuid": asyncUUID,
    "mm-id": "local:1" #0 live traffic, 1 1st PCAP analysis
}

while not finished:
    with session.get(host + "/API/async/{}".format(asyncID), params=params) as resp:
        if (resp.status_code == 202): # request still pending
            time.sleep(1)
            continue;
        else:
            finished = True
            r = resp.json()
            if "errorCode" in r and r["errorCode"] == 0:
                asyncResult = r["asyncResult"]
                success = True

# get start and end time of second connection
if success and len(asyncResult["displayedItems"]) > 1:
    rtpConnection = asyncResult["displayedItems"][1]
    print("{}:{} <-> {}:{}".format(rtpConnection["clientIp"], rtpConnection["clientPort"], rtpConnection["serverIp"], rtpConnection["serverPort"]))
    print(rtpConnection["l4ProtocolShortName"] + ", " + rtpConnection["dpiProtocol"])
    start = datetime.datetime.fromtimestamp(rtpConnection["connectionStart"] / 1000)
    end = datetime.datetime.fromtimestamp(rtpConnection["lastActivity"] / 1000)
    print("start: " + start.strftime("%m-%d-%Y %H-%M-%S"))
    print("end: " + end.strftime("%m-%d-%Y %H-%M-%S"))

    # download PCAP of connection
    params = {
        "expression": "IP == {}:{} and IP == {}:{}".format(rtpConnection["clientIp"], rtpConnection["clientPort"], rtpConnection["serverIp"], rtpConnection["serverPort"]),
        "fromCaptureBuffer": True,
        "captureBufferSlotId": 0,
        "startTime": rtpConnection["connectionStart"] * 1000,
        "endTime": rtpConnection["lastActivity"] * 1000,
        "mm-id": "local:1" #0 live traffic, 1 1st PCAP analysis
    }

    headers = {
        "Accept-Encoding": "" # for compression use "gzip"
    }

    output = "rtp_connection.pcapng"

    with session.get(host + "/API/data/modules/capture", params=params, headers=headers, stream=True) as resp:
        with open(output, "wb") as fh:
            shutil.copyfileobj(resp.raw, fh)
