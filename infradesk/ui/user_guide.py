"""Help > User Guide: the local ``docs/user-guide.md`` rendered in a dialog, offline.

Images are resolved relative to ``docs/``; links to the web are shown but never opened (the
application makes no network connection). A contents list on the left jumps to each heading.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QPixmap, QTextBlock, QTextCursor, QTextDocument, QTextImageFormat
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from infradesk.resources import shipped_folder_candidates

GUIDE_NAME = "user-guide.md"
FITTED_SUFFIX = "?fitted"
MAX_IMAGE_WIDTH = 720  # screenshots are 1280 px wide; the reading pane is about 780


@cache
def docs_dir() -> Path | None:
    """The folder holding the user guide: in a PyInstaller bundle, a checkout or an install."""
    for candidate in shipped_folder_candidates("docs"):
        if (candidate / GUIDE_NAME).is_file():
            return candidate
    return None


def guide_path() -> Path | None:
    folder = docs_dir()
    return folder / GUIDE_NAME if folder else None


MISSING_GUIDE = (
    "# User guide not found\n\nThe file `docs/user-guide.md` is not installed next to the "
    "application. Reinstall InfraDesk, or read the guide in the source repository."
)


class UserGuideDialog(QDialog):
    """A non-modal reader for the user guide."""

    def __init__(self, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userGuide")
        self.setWindowTitle("InfraDesk User Guide")
        self.path = path or guide_path()

        self.browser = QTextBrowser()
        self.browser.setObjectName("userGuideText")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        self.contents = QListWidget()
        self.contents.setObjectName("userGuideContents")
        # selection, not the current item: focusing the list must not scroll the text
        self.contents.itemSelectionChanged.connect(self._jump)

        splitter = QSplitter()
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 780])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.resize(1040, 760)
        self.load()

    def load(self) -> None:
        document = self.browser.document()
        if self.path is not None and self.path.is_file():
            folder = self.path.parent
            document.setBaseUrl(QUrl.fromLocalFile(str(folder) + "/"))
            self.browser.setSearchPaths([str(folder)])
            text = self.path.read_text(encoding="utf-8")
        else:
            text = MISSING_GUIDE
        document.setMarkdown(text, QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)  # else it shows the end
        self.fit_images(MAX_IMAGE_WIDTH)
        self._fill_contents()

    def fit_images(self, max_width: int) -> int:
        """Show screenshots wider than ``max_width`` as smoothly scaled copies (a plain width
        on the image format would be scaled without smoothing); returns how many."""
        document = self.browser.document()
        changes: list[tuple[int, int, QTextImageFormat]] = []
        block = document.begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                char_format = fragment.charFormat()
                if fragment.isValid() and char_format.isImageFormat():
                    image_format = char_format.toImageFormat()
                    fitted = self._fitted_image(image_format.name(), max_width)
                    if fitted is not None:
                        image_format.setName(fitted)
                        changes.append((fragment.position(), fragment.length(), image_format))
                iterator += 1
            block = block.next()
        for position, length, image_format in changes:
            cursor = QTextCursor(document)
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(image_format)
        return len(changes)

    def _fitted_image(self, name: str, max_width: int) -> str | None:
        """Name of a smoothly scaled copy of image ``name`` registered with the document, or
        None when the image is narrow enough (or already a fitted copy)."""
        if name.endswith(FITTED_SUFFIX):
            return None
        document = self.browser.document()
        image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        if isinstance(image, QPixmap):
            image = image.toImage()
        if not isinstance(image, QImage) or image.width() <= max_width:
            return None
        ratio = self.devicePixelRatioF()
        scaled = image.scaledToWidth(
            round(max_width * ratio), Qt.TransformationMode.SmoothTransformation
        )
        scaled.setDevicePixelRatio(ratio)
        fitted = name + FITTED_SUFFIX
        # resource() looks names up resolved against the base URL; addResource() does not
        key = document.baseUrl().resolved(QUrl(fitted))
        document.addResource(QTextDocument.ResourceType.ImageResource, key, scaled)
        return fitted

    def headings(self) -> list[tuple[int, str, int]]:
        """(level, text, block position) of every level-1..3 heading, in order."""
        found = []
        block: QTextBlock = self.browser.document().begin()
        while block.isValid():
            level = block.blockFormat().headingLevel()
            if 1 <= level <= 3:
                found.append((level, block.text(), block.position()))
            block = block.next()
        return found

    def _fill_contents(self) -> None:
        self.contents.blockSignals(True)
        self.contents.clear()
        for level, text, position in self.headings():
            if level == 1 and self.contents.count() == 0:
                continue  # the document title
            item = QListWidgetItem(("    " * max(0, level - 2)) + text)
            item.setData(256, position)
            self.contents.addItem(item)
        self.contents.blockSignals(False)

    def scroll_to_position(self, position: int) -> None:
        document = self.browser.document()
        block = document.findBlock(position)
        top = document.documentLayout().blockBoundingRect(block).top()
        self.browser.verticalScrollBar().setValue(int(top))

    def _jump(self) -> None:
        selected = self.contents.selectedItems()
        if selected:
            self.scroll_to_position(int(selected[0].data(256)))

    def _follow(self, url: QUrl) -> None:
        """In-page links (``#keyboard-shortcuts``) jump to the heading they name; links to
        anything else are not opened: nothing leaves the machine."""
        if not url.hasFragment() or url.path():
            return
        wanted = url.fragment().replace("-", " ").lower()
        for _level, text, position in self.headings():
            if text.lower().replace("-", " ").startswith(wanted):
                self.scroll_to_position(position)
                return


def show_user_guide(parent: QWidget | None = None) -> UserGuideDialog:
    """Open the user guide, or raise the one already open for ``parent``."""
    dialog = parent.findChild(UserGuideDialog, "userGuide") if parent is not None else None
    if dialog is None:
        dialog = UserGuideDialog(parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
