"""A small Gradio chat front-end over a quantized model."""
import gradio as gr
import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from transformers import PreTrainedModel

app = FastAPI()


class ChatRequest(BaseModel):
    prompt: str
    max_new_tokens: int = 128


@app.post("/chat")
def chat(request: ChatRequest):
    return {"text": request.prompt[::-1][: request.max_new_tokens]}


def launch(port=7860):
    demo = gr.Interface(fn=lambda p: p, inputs="text", outputs="text")
    gr.mount_gradio_app(app, demo, path="/")
    uvicorn.run(app, port=port)
