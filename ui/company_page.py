"""A company's page: whom you know there now, who used to work there, and the org chart
from reports-to (set here with Set manager…). Double-click (or Enter on) a person to open
them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
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
    header.setStretchLastSection(True)  # the spare width goes after the last column
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return tree


def fit_columns(tree: QTreeWidget) -> None:
    """Every column as wide as its widest cell or title (the user may still drag them)."""
    for column in range(tree.columnCount() - 1):
        tree.resizeColumnToContents(column)
        tree.setColumnWidth(column, tree.columnWidth(column) + COLUMN_PADDING)


COLUMN_PADDING = 16  # pixels between one column's longest text and the next column
JOB_ID = Qt.ItemDataRole.UserRole + 1


def _item(member: StaffMember, *texts: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem([member.person.name, *texts])
    item.setData(0, Qt.ItemDataRole.UserRole, member.person.id)
    item.setData(0, JOB_ID, member.job.id)
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
        self.chart.currentItemChanged.connect(lambda *_: self._enable())
        self.chart_help = QLabel()
        self.chart_help.setWordWrap(True)
        self.set_manager = QPushButton(self.tr("Set &manager…"))
        self.set_manager.setToolTip(self.tr("Choose whom the selected person reports to"))
        self.set_manager.clicked.connect(lambda: self.choose_manager())
        chart_page = QWidget()
        chart_bar = QHBoxLayout()
        chart_bar.addWidget(self.chart_help, 1)
        chart_bar.addWidget(self.set_manager, 0, Qt.AlignmentFlag.AlignTop)
        chart_layout = QVBoxLayout(chart_page)
        chart_layout.addLayout(chart_bar)
        chart_layout.addWidget(self.chart, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.current, self.tr("Works there"))
        self.tabs.addTab(self.former, self.tr("Worked there"))
        self.tabs.addTab(chart_page, self.tr("Org chart"))
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
        self.resize(760, 480)
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
        self.chart_help.setText(self._chart_help(page))
        self._enable()
        for tree in (self.current, self.former, self.chart):
            fit_columns(tree)
        self.tabs.setTabText(0, self.tr("Works there (%1)").replace("%1", str(len(page.current))))
        self.tabs.setTabText(1, self.tr("Worked there (%1)").replace("%1", str(len(page.former))))
        # Open where there is something to see.
        self.tabs.setCurrentIndex(1 if page.former and not page.current else 0)

    def _chart_help(self, page: CompanyPage) -> str:
        if not page.current:
            return self.tr("The org chart shows who reports to whom among the people who work "
                           "here now. Nobody you know works here now.")
        if not any(node.reports for node in page.chart):
            return self.tr("No managers recorded yet: select someone below and choose Set "
                           "manager… (the person they report to) to build the chart.")
        return self.tr("Who reports to whom. Select someone and choose Set manager… to change "
                       "it.")

    def _enable(self) -> None:
        self.set_manager.setEnabled(self.chart.currentItem() is not None)

    def choose_manager(self, manager_name: str | None = None) -> None:
        """Whom the selected person reports to, among the people who work here now (a name
        given skips the question: tests)."""
        item = self.chart.currentItem()
        if item is None or self.page is None:
            return
        person_id = item.data(0, Qt.ItemDataRole.UserRole)
        others = {m.person.name: m.person.id for m in self.page.current
                  if m.person.id != person_id}
        nobody = self.tr("(nobody here)")
        if manager_name is None:
            manager_name, ok = QInputDialog.getItem(
                self, self.tr("Set manager"),
                self.tr("%1 reports to:").replace("%1", item.text(0)),
                [*sorted(others, key=str.casefold), nobody], 0, False)
            if not ok:
                return
        try:
            self.notebook.careers.update_job(item.data(0, JOB_ID),
                                             reports_to_id=others.get(manager_name))
        except RapportError as exc:
            QMessageBox.warning(self, self.tr("Manager not set"), str(exc))
            return
        self.show_company(self.page.organization.id)
        self.tabs.setCurrentIndex(2)
        self._select_in_chart(person_id)

    def _select_in_chart(self, person_id: int) -> None:
        found = self.chart.findItems("*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive)
        for item in found:
            if item.data(0, Qt.ItemDataRole.UserRole) == person_id:
                self.chart.setCurrentItem(item)
                return

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
