import os
import shutil

from flask import Flask, request, send_file
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOAD_DIR = "/srv/uploads"


@app.route("/download")
def download():
    name = request.args.get("name")
    # ruleid: flask-path-traversal
    return send_file(os.path.join(UPLOAD_DIR, name))


@app.route("/read")
def read():
    # ruleid: flask-path-traversal
    with open(UPLOAD_DIR + "/" + request.args["file"]) as fh:
        return fh.read()


@app.route("/purge", methods=["POST"])
def purge():
    target = os.path.join(UPLOAD_DIR, request.form["dir"])
    # ruleid: flask-path-traversal
    shutil.rmtree(target)
    return "ok"


@app.route("/download-safe")
def download_safe():
    name = secure_filename(request.args.get("name", ""))
    # ok: flask-path-traversal
    return send_file(os.path.join(UPLOAD_DIR, name))


@app.route("/static-report")
def report():
    # ok: flask-path-traversal
    with open(os.path.join(UPLOAD_DIR, "report.txt")) as fh:
        return fh.read()
