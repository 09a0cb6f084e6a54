from lxml import etree


def parse_upload(data):
    # ruleid: lxml-xxe
    parser = etree.XMLParser(resolve_entities=True)
    return etree.fromstring(data, parser)


def parse_default(data):
    # ruleid: lxml-xxe
    return etree.fromstring(data)


def parse_dtd(path):
    # ruleid: lxml-xxe
    parser = etree.XMLParser(load_dtd=True, no_network=False)
    return etree.parse(path, parser)


def parse_hardened(data):
    # ok: lxml-xxe
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(data, parser)


def build():
    # ok: lxml-xxe
    root = etree.Element("root")
    return etree.tostring(root)
