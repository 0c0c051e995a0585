"""Code that builds vndocx's models and renders its training material; not part of the runtime
package (the wheel ships only ``src/vndocx``). Run from the repository root:

    python -m training.restore_model --ocr     # the diacritics model and OCR channel → models/restore
"""
