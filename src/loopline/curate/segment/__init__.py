"""Conversation segmentation for chat logs."""

from loopline.curate.segment.conversation_segmenter import ConversationSegmenter

__all__ = ["ConversationSegmenter"]
