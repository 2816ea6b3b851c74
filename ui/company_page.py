"""A company's page: whom you know there now, who used to work there, and the org chart
from reports-to. Double-click (or Enter on) a person to open them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import RapportError
from app.services.careers import ChartNode, CompanyPage, StaffMember


def month(day: dt.date | None) -> str:
    return f"{day:%b %Y}" if day else ""


def span(member: StaffMember) -> str:
    job = member.job
    if job.start and job.end:
        return f"{month(job.start)} – {month(job.end)}"
    if job.start:
        return f"since {month(job.start)}"
    if job.end:
        return f"until {month(job.end)}"
    return ""


def _tree(columns: list[str], name: str) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(columns)
    tree.setAccessibleName(name)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(columns)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return tree


def _item(member: StaffMember, *texts: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem([member.person.name, *texts])
    item.setData(0, Qt.ItemDataRole.UserRole, member.person.id)
    item.setToolTip(0, QWidget.tr("Double-click to open %1").replace("%1", member.person.name))
    return item


class CompanyWindow(QDialog):
    person_activated = Signal(int)

    def __init__(self, notebook, organization_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notebook = notebook
        self.page: CompanyPage | None = None
        self.setWindowTitle(self.tr("Company"))
        self.company = QComboBox()
        self.company.setEditable(True)
        self.company.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.company.setAccessibleName(self.tr("Company"))
        for org in notebook.careers.organizations():
            self.company.addItem(org.name, org.id)
        self.company.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.company.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.company.setCurrentIndex(-1)
        self.company.activated.connect(lambda index: self.show_company(
            self.company.itemData(index)))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.current = _tree([self.tr("Name"), self.tr("Title"), self.tr("Department"),
                              self.tr("Since")], self.tr("Works there"))
        self.former = _tree([self.tr("Name"), self.tr("Title"), self.tr("When")],
                            self.tr("Worked there"))
        self.chart = _tree([self.tr("Name"), self.tr("Title")], self.tr("Org chart"))
        self.chart.setRootIsDecorated(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.current, self.tr("Works there"))
        self.tabs.addTab(self.former, self.tr("Worked there"))
        self.tabs.addTab(self.chart, self.tr("Org chart"))
        for tree in (self.current, self.former, self.chart):
            tree.itemActivated.connect(self._activated)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Company")))
        top.addWidget(self.company, 1)
        bottom = QHBoxLayout()
        hint = QLabel(self.tr("Double-click a person to open them."))
        hint.setStyleSheet("color: palette(mid)")
        bottom.addWidget(hint, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.resize(700, 480)
        if organization_id is not None:
            self.show_company(organization_id)
        else:
            self.summary.setText(self.tr("Choose a company to see whom you know there, now "
                                         "and in the past."))

    def show_company(self, organization_id: int | None) -> None:
        if organization_id is None:
            return
        try:
            page = self.notebook.careers.company(organization_id)
        except RapportError as exc:
            self.summary.setText(str(exc))
            return
        self.page = page
        self.company.setCurrentIndex(self.company.findData(organization_id))
        self.setWindowTitle(page.organization.name)
        self.summary.setText(self._summary(page))
        self.current.clear()
        for m in page.current:
            self.current.addTopLevelItem(_item(m, m.job.title, m.job.department,
                                               month(m.job.start)))
        self.former.clear()
        for m in sorted(page.former, key=lambda m: m.job.end or dt.date.min, reverse=True):
            self.former.addTopLevelItem(_item(m, m.job.title, span(m)))
        self.chart.clear()
        self._add_nodes(self.chart.invisibleRootItem(), page.chart)
        self.chart.expandAll()
        self.tabs.setTabText(0, self.tr("Works there (%1)").replace("%1", str(len(page.current))))
        self.tabs.setTabText(1, self.tr("Worked there (%1)").replace("%1", str(len(page.former))))

    def _summary(self, page: CompanyPage) -> str:
        now, before = len(page.current), len(page.former)
        text = (self.tr("You know nobody there now") if not now else
                self.tr("You know 1 person there now") if now == 1 else
                self.tr("You know %1 people there now").replace("%1", str(now)))
        if before:
            text += (self.tr(" and 1 who used to work there.") if before == 1 else
                     self.tr(" and %1 who used to work there.").replace("%1", str(before)))
        else:
            text += "."
        if page.organization.website:
            text += "  " + page.organization.website
        return text

    def _add_nodes(self, parent: QTreeWidgetItem, nodes: tuple[ChartNode, ...]) -> None:
        for node in nodes:
            item = _item(node.member, node.member.job.title)
            parent.addChild(item)
            self._add_nodes(item, node.reports)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        person_id = item.data(0, Qt.ItemDataRole.UserRole)
        if person_id is not None:
            self.person_activated.emit(int(person_id))
