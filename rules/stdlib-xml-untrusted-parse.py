import xml.etree.ElementTree as ET
from xml.dom import minidom

import defusedxml.ElementTree as SafeET


def parse_upload(request):
    # ruleid: stdlib-xml-untrusted-parse
    root = ET.fromstring(request.data)
    return root.find("name").text


def parse_file(path):
    # ruleid: stdlib-xml-untrusted-parse
    return ET.parse(path).getroot()


def parse_dom(body):
    # ruleid: stdlib-xml-untrusted-parse
    return minidom.parseString(body)


def parse_upload_safe(request):
    # ok: stdlib-xml-untrusted-parse
    root = SafeET.fromstring(request.data)
    return root.find("name").text


def serialize(elem):
    # ok: stdlib-xml-untrusted-parse
    return ET.tostring(elem)


def template():
    # ok: stdlib-xml-untrusted-parse
    return ET.fromstring("<config><debug>false</debug></config>")
