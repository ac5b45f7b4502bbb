import type { NextFunction, Request, Response } from 'express';

/** The service name and navigation links in the header: the resident's service or the staff back office. */
export function navigation() {
  return (req: Request, res: Response, next: NextFunction) => {
    const t = res.locals.t;
    const staffArea = req.path.startsWith('/back-office');
    res.locals.serviceName = staffArea ? t('backOffice.name') : t('service.name');
    res.locals.serviceUrl = staffArea ? '/back-office' : '/';
    if (staffArea) {
      res.locals.navigation = req.session.staff
        ? [
            { href: '/back-office', text: 'Applications', active: req.path === '/back-office' },
            {
              href: '/back-office/submissions',
              text: 'Forms submissions',
              active: req.path.startsWith('/back-office/submissions'),
            },
          ]
        : undefined;
    } else {
      res.locals.navigation = req.session.user
        ? [
            {
              href: '/applications',
              text: t('common.yourApplications'),
              active: req.path === '/applications',
            },
            { href: '/auth/sign-out', text: t('common.signOut') },
          ]
        : undefined;
    }
    next();
  };
}
