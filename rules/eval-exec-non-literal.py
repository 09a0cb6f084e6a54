import ast


def calculate(expr):
    # ruleid: eval-exec-non-literal
    return eval(expr)


def run_hook(request):
    # ruleid: eval-exec-non-literal
    exec(request.form["code"], {})


def run_template(name):
    # ruleid: eval-exec-non-literal
    return eval(f"handlers.{name}()")


def literal(text):
    # ok: eval-exec-non-literal
    return ast.literal_eval(text)


def constant():
    # ok: eval-exec-non-literal
    return eval("1 + 2")


def switch_model(model):
    # ok: eval-exec-non-literal
    model.eval()
