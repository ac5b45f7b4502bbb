import type { NextFunction, Request, Response } from 'express';
import { paths } from '../paths.js';

/** The service name and navigation links in the header: the resident's service or the staff back office. */
export function navigation() {
  return (req: Request, res: Response, next: NextFunction) => {
    const t = res.locals.t;
    const staffArea = req.path.startsWith(paths.backOffice);
    res.locals.serviceName = staffArea ? t('backOffice.name') : t('service.name');
    res.locals.serviceUrl = staffArea ? paths.backOffice : paths.start;
    if (staffArea) {
      res.locals.navigation = req.session.staff
        ? [
            { href: paths.backOffice, text: 'Applications', active: req.path === paths.backOffice },
            {
              href: paths.backOfficeSubmissions,
              text: 'Forms submissions',
              active: req.path.startsWith(paths.backOfficeSubmissions),
            },
            {
              href: paths.backOfficeDeadLetters,
              text: 'Messages not sent',
              active: req.path.startsWith(paths.backOfficeDeadLetters),
            },
          ]
        : undefined;
    } else {
      res.locals.navigation = req.session.user
        ? [
            {
              href: paths.applications,
              text: t('common.yourApplications'),
              active: req.path === paths.applications,
            },
            { href: paths.signOut, text: t('common.signOut') },
          ]
        : undefined;
    }
    next();
  };
}
