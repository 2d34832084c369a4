#!/usr/bin/env python3
"""Writes the replay test logs: the same 40 service access log records (and
two resource access log records) in every layout `policy replay` reads.
Field names and value shapes follow the VPC Lattice User Guide, "Access log
contents". Deterministic: run it again and nothing changes."""
import gzip, json, os

ACCOUNT = "111122223333"
SVC = f"arn:aws:vpc-lattice:us-west-2:{ACCOUNT}:service/svc-0a1b2c3d4e5f60718"
SN = f"arn:aws:vpc-lattice:us-west-2:{ACCOUNT}:servicenetwork/sn-0f1e2d3c4b5a69788"
VPC = f"arn:aws:ec2:us-west-2:{ACCOUNT}:vpc/vpc-0abcdef1234567890"
TG = f"arn:aws:vpc-lattice:us-west-2:{ACCOUNT}:targetgroup/tg-0123abcd4567ef890"


def session(role, s):
    return f"arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{s}"


def rec(n, caller, method, path, code=200, denied=None, absent="-", ua="python-requests/2.31.0"):
    minute, sec = divmod(n * 37, 60)
    t = f"2024-08-04T10:{minute:02d}:{sec:02d}Z"
    r = {
        "callerPrincipalTags": absent,
        "hostHeader": "orders.example.internal",
        "sslCipher": "ECDHE-RSA-AES128-GCM-SHA256",
        "serviceNetworkArn": SN,
        "resolvedUser": caller if caller else "Anonymous",
        "authDeniedReason": denied if denied else absent,
        "requestMethod": method,
        "targetGroupArn": TG,
        "tlsVersion": "TLSv1.2",
        "userAgent": ua,
        "serverNameIndication": "orders.example.internal",
        "destinationVpcId": "vpc-0fedcba9876543210",
        "sourceIpPort": f"10.0.154.{64 + n % 100}:{32000 + n}",
        "targetIpPort": "-" if denied else "10.0.3.17:8080",
        "serviceArn": SVC,
        "sourceVpcId": "vpc-0abcdef1234567890",
        "requestPath": path,
        "startTime": t,
        "protocol": "HTTP/2" if n % 2 else "HTTP/1.1",
        "responseCode": 403 if denied else code,
        "bytesReceived": 312,
        "bytesSent": 0 if denied else 1487,
        "duration": 4 + n % 9,
        "requestToTargetDuration": 0 if denied else 2,
        "responseFromTargetDuration": 0 if denied else 1,
        "requestId": f"a9f2c7a1-6b4f-4c79-9e87-ff5a1234{n:04d}",
        "callerPrincipal": caller if caller else absent,
        "callerX509SubjectCN": "-",
        "callerX509IssuerOU": "-",
        "callerX509SANNameCN": "-",
        "callerX509SANDNS": "-",
        "callerX509SANURI": "-",
        "sourceVpcArn": VPC,
        "failureReason": "ClientAccessDenied" if denied else absent,
        "listenerType": "-",
        "callerPrincipalOrgID": "o-a1b2c3d4e5" if caller else absent,
    }
    return r


records = []
n = 0
def add(count, *a, **k):
    global n
    for i in range(count):
        records.append(rec(n, *a, **k) if "{}" not in a[2] else rec(n, a[0], a[1], a[2].format(1000 + n), *a[3:], **k))
        n += 1

# Unchanged: a reader's GETs and the writer's POSTs stay allowed.
add(12, session("order-reader", "i-0a1b2c3d"), "GET", "/orders/{}")
add(6, session("order-writer", "lambda-7f3e"), "POST", "/orders")
# Newly denied: the reader's POSTs, DELETEs, and health checks outside /orders.
add(4, session("order-reader", "i-0a1b2c3d"), "POST", "/orders")
add(2, session("order-reader", "i-0a1b2c3d"), "DELETE", "/orders/{}")
add(3, session("monitor", "probe"), "GET", "/health", ua="ELB-HealthChecker/2.0")
# Unchanged denial: anonymous callers, denied by the service policy before and after.
add(3, None, "GET", "/orders/{}", denied="Service", absent="null")
# Disagreeing: denied by the network layer, which this replay does not model.
add(2, session("partner", "sync"), "GET", "/orders/{}", denied="Network")
# Newly allowed: the writer's PUT was denied by the old service policy.
add(2, session("order-writer", "lambda-7f3e"), "PUT", "/orders/{}", denied="Service")
# A record with JSON null for absent values (the UG table's spelling).
r = rec(n, session("order-reader", "i-0a1b2c3d"), "GET", "/orders/7", absent=None)
records.append(r); n += 1
# TLS-free HTTP record with tags given as the UG prints them: a string of JSON.
r = rec(n, session("order-reader", "i-0a1b2c3d"), "GET", "/orders/8")
r["callerPrincipalTags"] = json.dumps({"team": "orders"})
records.append(r); n += 1
# Failed before authorization: skipped.
r = rec(n, session("order-reader", "i-0a1b2c3d"), "GET", "/orders/9", code=429)
r["failureReason"] = "ClientRateLimited"
records.append(r); n += 1
# Four more reader GETs to make forty.
add(4, session("order-reader", "i-0a1b2c3d"), "GET", "/orders/{}")

resource = [
    {"serviceNetworkArn": SN, "serviceNetworkResourceAssociationId": "snra-0123456789abcdef0",
     "vpcEndpointId": "vpce-0123456789abcdef0", "sourceVpcArn": VPC,
     "resourceConfigurationArn": f"arn:aws:vpc-lattice:us-west-2:{ACCOUNT}:resourceconfiguration/rcfg-0123456789abcdef0",
     "protocol": "tcp", "sourceIpPort": "10.0.1.5:40122", "destinationIpPort": "10.0.2.6:5432",
     "gatewayIpPort": "10.0.2.7:5432", "resourceIpPort": "10.0.9.9:5432",
     "eventTimestamp": f"2024-08-04T10:2{i}:00.123Z"} for i in range(2)]

here = os.path.dirname(os.path.abspath(__file__))
def w(name, data, mode="w"):
    path = os.path.join(here, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if name.endswith(".gz"):
        with gzip.GzipFile(path, "wb", mtime=0) as f:
            f.write(data.encode())
    else:
        with open(path, mode) as f:
            f.write(data)

lines = "".join(json.dumps(r) + "\n" for r in records + resource)
w("lines.log", lines)
w("lines.log.gz", lines)
# Concatenated objects without separators, some pretty-printed.
w("concatenated.json", "".join(json.dumps(r, indent=2 if i % 5 == 0 else None) for i, r in enumerate(records + resource)))
# S3 delivery layout: two service objects and one resource-log object.
base = f"s3/AWSLogs/{ACCOUNT}/VpcLattice"
def s3name(kind, part, resid):
    return (f"{base}/{kind}/us-west-2/2024/08/04/{resid}/{ACCOUNT}_Vpc{'Lattice' if kind == 'AccessLogs' else 'LatticeResource'}"
            f"{'AccessLogs' if kind == 'AccessLogs' else 'AccessLogs'}_us-west-2_{resid}_20240804T10{part}0Z_{part}f3a9b1c.json.gz")
w(s3name("AccessLogs", "0", "svc-0a1b2c3d4e5f60718"), "".join(json.dumps(r) + "\n" for r in records[:20]))
w(s3name("AccessLogs", "1", "svc-0a1b2c3d4e5f60718"), "".join(json.dumps(r) + "\n" for r in records[20:]))
w(s3name("ResourceAccessLogs", "2", "rcfg-0123456789abcdef0"), "".join(json.dumps(r) + "\n" for r in resource))
# aws logs filter-log-events --output json
events = [{"logStreamName": "svc-0a1b2c3d4e5f60718", "timestamp": 1722765600000 + i * 1000,
           "message": json.dumps(r), "ingestionTime": 1722765660000 + i * 1000,
           "eventId": f"3813{i:052d}"} for i, r in enumerate(records + resource)]
w("cloudwatch-export.json", json.dumps({"events": events, "searchedLogStreams": []}, indent=4) + "\n")
# aws logs tail
w("tail.txt", "".join(f"2024-08-04T10:{i // 60:02d}:{i % 60:02d}.{i:03d}000+00:00 svc-0a1b2c3d4e5f60718 {json.dumps(r)}\n"
                      for i, r in enumerate(records + resource)))
print(len(records), "records")
