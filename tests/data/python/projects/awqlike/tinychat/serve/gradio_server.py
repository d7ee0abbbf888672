import argparse
import gradio as gr
import uvicorn
from fastapi import FastAPI

parser = argparse.ArgumentParser(allow_abbrev=False)
parser.add_argument("--port", type=int, default=7860)
parser.add_argument("--share", action="store_true")
opts = parser.parse_args()
app = FastAPI()
uvicorn.run(app, port=opts.port)
